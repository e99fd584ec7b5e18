// Every Stripe API path the sandbox answers, and the handler behind it.
import type { Json, StripeContext } from "./state";
import { Router } from "../shared/router";
import { createCustomer, retrieveCustomer, updateCustomer } from "./customers";
import {
  attachPaymentMethod,
  createPaymentMethod,
  detachPaymentMethod,
  listCustomerPaymentMethods,
  retrievePaymentMethod,
} from "./payment-methods";
import { confirmSetupIntent, createSetupIntent, retrieveSetupIntent } from "./setup-intents";
import {
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmPaymentIntentHandler,
  createPaymentIntent,
  listPaymentIntents,
  retrievePaymentIntent,
  searchPaymentIntents,
  updatePaymentIntent,
} from "./payment-intents";
import { listCharges, retrieveCharge } from "./charges";
import { createRefund, listRefunds, retrieveRefund } from "./refunds";
import { createAccount, createAccountLink, listAccounts, retrieveAccount, updateAccount } from "./connect";
import { closeDispute, listDisputes, retrieveDispute, updateDispute } from "./disputes";
import { createReversal, createTransfer, listReversals, listTransfers, retrieveTransfer } from "./transfers";
import { listEvents, retrieveEvent, type DeliveryLookup } from "./events";

export type StripeHandler = (ctx: StripeContext) => Json;

export function stripeRoutes(delivery: DeliveryLookup): Router<StripeHandler> {
  return new Router<StripeHandler>()
    .add("POST", "/v1/customers", createCustomer)
    .add("GET", "/v1/customers/:id", retrieveCustomer)
    .add("POST", "/v1/customers/:id", updateCustomer)
    .add("GET", "/v1/customers/:id/payment_methods", listCustomerPaymentMethods)
    .add("POST", "/v1/payment_methods", createPaymentMethod)
    .add("GET", "/v1/payment_methods", listCustomerPaymentMethods)
    .add("GET", "/v1/payment_methods/:id", retrievePaymentMethod)
    .add("POST", "/v1/payment_methods/:id/attach", attachPaymentMethod)
    .add("POST", "/v1/payment_methods/:id/detach", detachPaymentMethod)
    .add("POST", "/v1/setup_intents", createSetupIntent)
    .add("GET", "/v1/setup_intents/:id", retrieveSetupIntent)
    .add("POST", "/v1/setup_intents/:id/confirm", confirmSetupIntent)
    .add("POST", "/v1/payment_intents", createPaymentIntent)
    .add("GET", "/v1/payment_intents", listPaymentIntents)
    .add("GET", "/v1/payment_intents/search", searchPaymentIntents)
    .add("GET", "/v1/payment_intents/:id", retrievePaymentIntent)
    .add("POST", "/v1/payment_intents/:id", updatePaymentIntent)
    .add("POST", "/v1/payment_intents/:id/confirm", confirmPaymentIntentHandler)
    .add("POST", "/v1/payment_intents/:id/capture", capturePaymentIntent)
    .add("POST", "/v1/payment_intents/:id/cancel", cancelPaymentIntent)
    .add("GET", "/v1/charges", listCharges)
    .add("GET", "/v1/charges/:id", retrieveCharge)
    .add("POST", "/v1/refunds", createRefund)
    .add("GET", "/v1/refunds", listRefunds)
    .add("GET", "/v1/refunds/:id", retrieveRefund)
    .add("POST", "/v1/accounts", createAccount)
    .add("GET", "/v1/accounts", listAccounts)
    .add("GET", "/v1/accounts/:id", retrieveAccount)
    .add("POST", "/v1/accounts/:id", updateAccount)
    .add("POST", "/v1/account_links", createAccountLink)
    .add("POST", "/v1/transfers", createTransfer)
    .add("GET", "/v1/transfers", listTransfers)
    .add("GET", "/v1/transfers/:id", retrieveTransfer)
    .add("POST", "/v1/transfers/:id/reversals", createReversal)
    .add("GET", "/v1/disputes", listDisputes)
    .add("GET", "/v1/disputes/:id", retrieveDispute)
    .add("POST", "/v1/disputes/:id", updateDispute)
    .add("POST", "/v1/disputes/:id/close", closeDispute)
    .add("GET", "/v1/transfers/:id/reversals", listReversals)
    .add("GET", "/v1/events", (ctx) => listEvents(ctx, delivery))
    .add("GET", "/v1/events/:id", retrieveEvent);
}

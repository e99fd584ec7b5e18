import "server-only";
import { z } from "zod";

export const adminResolveAlertInput = z.object({
  alertId: z.string().uuid("alertId: must be an alert id"),
  reason: z.string().trim().min(3, "say why (at least 3 characters): it goes in the audit log").max(500),
});

import "server-only";
// HTML and plain-text parts from the React template (react-email's renderer). Loaded on first use: react-dom/server
// refuses to load under the react-server condition the scripts run with (ops CLI, seed), and they never send mail.
import { createElement } from "react";
import { type EmailProps, NotificationEmail } from "./email-template";

export async function renderEmail(props: EmailProps): Promise<{ html: string; text: string }> {
  const { render } = await import("@react-email/render");
  const element = createElement(NotificationEmail, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}

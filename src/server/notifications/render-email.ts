import "server-only";
// HTML and plain-text parts from the React template (react-email's renderer). Loaded on first use: react-dom/server
// refuses to load under the react-server condition the scripts run with (ops CLI, seed), and they never send mail.
import { createElement } from "react";
import { type EmailProps, NotificationEmail } from "./email-template";

export async function renderEmail(props: EmailProps): Promise<{ html: string; text: string }> {
  const { render, toPlainText } = await import("@react-email/render");
  const html = await render(createElement(NotificationEmail, props));
  // The text part from the HTML, as render's plainText option makes it, without rendering the template twice.
  return { html, text: toPlainText(html) };
}

import { describe, expect, it } from "vitest";
import { cliMailEnv } from "./cli-services";

describe("where the ops CLI sends the messages its commands cause", () => {
  it("uses SMTP_URL when set, else the running app's local mail catcher, else sends nothing (messages wait for the app)", () => {
    const runtime = { appUrl: "http://localhost:3000", smtpUrl: "smtp://127.0.0.1:1025", mailInboxUrl: "http://127.0.0.1:1080" };
    expect(cliMailEnv({ SMTP_URL: "smtp://mail.example:587" }, runtime)).toEqual({});
    expect(cliMailEnv({}, runtime)).toEqual({ SMTP_URL: "smtp://127.0.0.1:1025", MAIL_INBOX_URL: "http://127.0.0.1:1080" });
    expect(cliMailEnv({}, { appUrl: "http://localhost:3000", smtpUrl: null })).toBeNull();
    expect(cliMailEnv({}, null)).toBeNull();
  });
});

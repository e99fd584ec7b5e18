import { describe, expect, it } from "vitest";
import { parseEnv } from "~/env";
import { cliServicesConfig } from "./cli-services";

describe("the ops CLI's services", () => {
  it("send no messages (the email renderer cannot load under the scripts' react-server condition): the app's worker sends them", () => {
    const e = parseEnv({ SMTP_URL: "smtp://127.0.0.1:1025", NODE_ENV: "development" });
    const config = cliServicesConfig(e, { stripeSandboxUrl: "http://127.0.0.1:12111", paypalSandboxUrl: null });
    expect(config.notify).toBeNull();
    expect(config.stripe?.sandboxUrl).toBe("http://127.0.0.1:12111");
  });
});

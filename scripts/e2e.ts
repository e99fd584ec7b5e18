// npm run test:e2e — production build + Playwright in the system Chromium.
import { execSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    console.log("Chromium missing: installing Debian's chromium package (apt-get)…");
    execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", { stdio: "inherit" });
  } else {
    console.error(
      `Chromium was not found at ${chromium}. Install it with:\n  sudo apt-get update && sudo apt-get install -y chromium\n(or set CHROMIUM_PATH to a Chromium/Chrome binary).`,
    );
    process.exit(1);
  }
}

// coturn for the TURN relay spec (Debian's package), installed the same way.
const turnserver = process.env.TURNSERVER_PATH ?? "/usr/bin/turnserver";
if (!existsSync(turnserver)) {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    console.log("coturn missing: installing Debian's coturn package (apt-get)…");
    execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq coturn", { stdio: "inherit" });
  } else {
    console.error(
      `coturn's turnserver was not found at ${turnserver}. Install it with:\n  sudo apt-get update && sudo apt-get install -y coturn\n(or set TURNSERVER_PATH to a turnserver binary).`,
    );
    process.exit(1);
  }
}

const run = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!process.env.SKIP_BUILD) run("npm", ["run", "build"]);
run("npx", ["playwright", "test", ...process.argv.slice(2)]);

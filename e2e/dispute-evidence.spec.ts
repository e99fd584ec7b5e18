// A chargeback in the production build: a finished lesson paid with Stripe's dispute test card (4000 0000 0000 0259)
// is captured by the admin, the sandbox opens a fraudulent dispute and tells the app by webhook. On the lesson page the
// admin clicks "Submit evidence": the page shows it pending, the sandbox's dispute then holds the lesson's facts as
// submitted evidence, and the page shows the result: under review, then won when the card network decides.
import { expect, test } from "@playwright/test";
import { STRIPE, seedHeldLesson } from "./held-lesson";
import { appNow, createTutor, createUser, newSignedInPage, shot, sql } from "./support";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface SandboxDispute {
  id: string;
  status: string;
  evidence: Record<string, string | null>;
  evidence_details: { submission_count: number; has_evidence: boolean };
}

const sandboxDispute = async (id: string) =>
  (await (await fetch(`${STRIPE}/v1/disputes/${id}`, { headers: { Authorization: "Bearer sk_test_x" } })).json()) as SandboxDispute;

async function sandboxControl(path: string, body: unknown) {
  const res = await fetch(`${STRIPE}/_sandbox${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox control ${path}: ${res.status} ${await res.text()}`);
}

test("the admin submits a disputed lesson's evidence in one click; the page shows it pending, then the result", async ({ browser }) => {
  const student = await createUser({ role: "STUDENT", name: "Dora Dispute", timeZone: "America/New_York" });
  const tutor = await createTutor({ name: "Evan Evidence", timeZone: "UTC", allDay: false });
  const now = await appNow();
  const start = new Date(Math.floor((now.getTime() - 2 * DAY) / HOUR) * HOUR);
  const lesson = await seedHeldLesson({ student, tutor, status: "COMPLETED", start, minutes: 25, amount: 1250, card: "4000000000000259" });

  const { context, page } = await newSignedInPage(browser, "admin@demo.test");
  await page.goto(`/admin/lessons/${lesson.lessonId}`);
  await page.getByRole("button", { name: "Capture now" }).click();
  await page.getByRole("dialog").getByLabel("Reason").fill("capturing the finished lesson");
  await page.getByRole("dialog").getByRole("button", { name: "Capture $12.50" }).click();
  await expect(page.getByTestId("statuses")).toContainText("Payment: Captured", { timeout: 15_000 });

  // The sandbox opened the chargeback at capture; its webhook records it (the page picks it up on its next refresh).
  await expect
    .poll(async () => (await sql<{ id: string }>(`SELECT id FROM "Dispute" WHERE "lessonId" = $1`, [lesson.lessonId])).length, {
      timeout: 15_000,
    })
    .toBe(1);
  const [row] = await sql<{ providerDisputeId: string }>(`SELECT "providerDisputeId" FROM "Dispute" WHERE "lessonId" = $1`, [
    lesson.lessonId,
  ]);
  const disputeId = row!.providerDisputeId;
  await page.reload();
  const panel = page.getByTestId("dispute-panel");
  await expect(panel.getByTestId("dispute-status")).toContainText("Needs response");
  await expect(panel.getByTestId("dispute-evidence-sent")).toContainText("not yet");
  await expect(panel).toContainText("$12.50");
  await shot(page, "dispute-needs-response");

  // A slow provider, so the pending state can be seen: the evidence call takes 3 s.
  await sandboxControl("/faults", { method: "POST", path: "/v1/disputes/*", mode: "latency", latencyMs: 3_000, count: 1 });
  await panel.getByRole("button", { name: "Submit evidence" }).click();
  const dialog = page.getByRole("dialog", { name: "Send this lesson's facts as dispute evidence?" });
  await dialog.getByLabel("Reason").fill("the lesson took place: both joined, the call ran");
  const confirm = dialog.getByRole("button", { name: "Submit evidence" });
  await confirm.click();
  await expect(confirm).toHaveAttribute("aria-busy", "true");
  // Another admin tab opened meanwhile sees the evidence on its way.
  const other = await context.newPage();
  await other.goto(`/admin/lessons/${lesson.lessonId}`);
  await expect(other.getByTestId("dispute-evidence-sent")).toContainText("on its way");
  await other.close();

  await expect(page.getByTestId("action-outcome")).toContainText("The lesson's facts were sent to the card network", { timeout: 15_000 });
  await expect(panel.getByTestId("dispute-status")).toContainText("Under review");
  await expect(panel.getByTestId("dispute-evidence-sent")).not.toContainText("not yet");
  await expect(panel.getByRole("button", { name: "Submit evidence" })).toHaveCount(0);
  await shot(page, "dispute-evidence-submitted");

  // The sandbox's dispute holds our evidence, submitted once.
  const dp = await sandboxDispute(disputeId);
  expect(dp.status).toBe("under_review");
  expect(dp.evidence_details).toMatchObject({ submission_count: 1, has_evidence: true });
  expect(dp.evidence.service_date).toBeTruthy();
  expect(dp.evidence.access_activity_log).toBeTruthy();
  const audit = await sql<{ actorId: string; reason: string | null }>(
    `SELECT a."actorId", a.reason FROM "AuditEvent" a JOIN "user" u ON u.id = a."actorId"
     WHERE a."lessonId" = $1 AND u.email = 'admin@demo.test' AND a.reason = $2`,
    [lesson.lessonId, "the lesson took place: both joined, the call ran"],
  );
  expect(audit.length).toBeGreaterThanOrEqual(1);

  // The card network decides for us: the page shows the result on its next refresh, and the earning is released.
  await sandboxControl(`/disputes/${disputeId}/outcome`, { outcome: "won" });
  await expect(panel.getByTestId("dispute-status")).toContainText("Won", { timeout: 25_000 });
  await expect(panel).toContainText("Closed in our favour: the tutor's earning is released.");
  await shot(page, "dispute-won");
  await context.close();
});

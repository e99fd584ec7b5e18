// Issue 7: the admin dashboard, in the production build. Stuck payments are seeded with
// SQL (the way the old system left them) around real PaymentIntents held at the Stripe
// sandbox, so the admin's capture goes to the provider like any other.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { type Page, expect, test } from "@playwright/test";
import { E2E } from "./env";
import { seedHeldLesson } from "./held-lesson";
import { appNow, createTutor, createUser, type E2EUser, newSignedInPage, shot, sql, stripeCounters } from "./support";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const item = (page: Page, key: string) => page.locator(`[data-testid="queue-item"][data-key="${key}"]`);

test.describe("admin dashboard", () => {
  let student: E2EUser;
  let tutor: E2EUser;
  test.beforeAll(async () => {
    student = await createUser({ role: "STUDENT", name: "Ines Incident", timeZone: "America/New_York" });
    tutor = await createTutor({ name: "Theo Tutor", timeZone: "Europe/Berlin", allDay: false });
  });

  test("an orphan like the incident: in the queue, captured once from two tabs at once, both tabs show the truth, audited", async ({
    browser,
  }) => {
    const now = await appNow();
    const start = new Date(Math.floor((now.getTime() - 3 * DAY) / HOUR) * HOUR - HOUR); // 23:00-ish three days ago
    const orphan = await seedHeldLesson({ student, tutor, status: "COMPLETED", start, minutes: 25, amount: 450 });
    expect(await sql(`SELECT 1 FROM "PaymentOperation" WHERE "paymentId" = $1`, [orphan.paymentId])).toHaveLength(0);

    const { context, page } = await newSignedInPage(browser, "admin@demo.test");
    await page.goto("/admin");
    await expect(page.getByRole("heading", { name: "Admin overview" })).toBeVisible();
    const orphanCount = page.getByTestId("attention-counts").getByRole("link", { name: /Orphaned authorization/ });
    await expect(orphanCount).toBeVisible();
    await shot(page, "admin-overview");
    await orphanCount.click();
    await expect(page).toHaveURL(/\/admin\/queue\?category=ORPHANED_AUTHORIZATION$/);

    const entry = item(page, `ORPHANED_AUTHORIZATION:${orphan.lessonId}`);
    await expect(entry).toBeVisible();
    await expect(entry.getByTestId("why")).toContainText("Ines Incident with Theo Tutor");
    await expect(entry.getByTestId("why")).toContainText("the $4.50 card hold was never captured and no capture is queued");
    await expect(entry.getByTestId("time-left")).toContainText(/\d+ days? .*left — the hold lapses/);
    await shot(page, "admin-queue-orphan");

    await entry.getByRole("link", { name: /Open lesson/ }).click();
    await expect(page).toHaveURL(`/admin/lessons/${orphan.lessonId}`);
    await expect(page.getByTestId("lesson-id")).toHaveText(orphan.lessonId);
    await expect(page.getByTestId("student")).toContainText(student.email);
    await expect(page.getByTestId("tutor")).toContainText(tutor.email);
    await expect(page.getByTestId("statuses")).toContainText("Payment: Authorized");
    const timeline = page.getByTestId("timeline");
    await expect(timeline).toContainText("lesson.ended_early");
    await expect(timeline).toContainText("lesson.completed");
    // times in the admin's zone (UTC for the demo admin), with UTC on hover
    await expect(timeline.locator("time").first()).toHaveAttribute("title", / UTC$/);
    await shot(page, "admin-lesson-orphan");

    // two tabs, both with the dialog open, confirm at the same moment
    const page2 = await context.newPage();
    await page2.goto(`/admin/lessons/${orphan.lessonId}`);
    const reason = "Orphaned by the old /end bug (lesson completed, hold never captured)";
    for (const p of [page, page2]) {
      await p.getByRole("button", { name: "Capture now" }).click();
      const dialog = p.getByRole("dialog", { name: "Capture this payment now?" });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByLabel("Reason")).toBeFocused();
      await expect(dialog).toContainText("$4.50");
      await expect(dialog).toContainText("Platform fee (20 %)$0.90");
      await expect(dialog).toContainText("Tutor share$3.60");
      await dialog.getByLabel("Reason").fill(reason);
    }
    await shot(page, "admin-capture-dialog");
    await Promise.all([page, page2].map((p) => p.getByRole("dialog").getByRole("button", { name: "Capture $4.50" }).click()));

    for (const p of [page, page2]) {
      await expect(p.getByTestId("action-outcome")).toBeVisible({ timeout: 15_000 });
      await expect(p.getByTestId("statuses")).toContainText("Payment: Captured", { timeout: 15_000 });
      await expect(p.getByTestId("captured")).toContainText("$4.50");
      await expect(p.getByTestId("fee")).toContainText("$0.90");
      await expect(p.getByTestId("share")).toContainText("$3.60");
    }
    const outcomes = [await page.getByTestId("action-outcome").innerText(), await page2.getByTestId("action-outcome").innerText()];
    expect(outcomes.filter((t) => /Capture now: Captured\./.test(t))).toHaveLength(1);
    expect(
      outcomes.filter((t) =>
        /Already (captured|requested) by Ada Admin \(admin@demo\.test\) at \w{3}, \w{3} \d+, \d+:\d\d\s[AP]M UTC/.test(t),
      ),
    ).toHaveLength(1);
    await shot(page, "admin-lesson-captured-tab1");
    await shot(page2, "admin-lesson-captured-tab2");

    expect((await stripeCounters()).captures[orphan.pi]).toBe(1);
    const [row] = await sql<{ status: string; amountCaptured: number; platformFee: number; tutorShare: number }>(
      `SELECT status::text, "amountCaptured", "platformFee", "tutorShare" FROM "Payment" WHERE id = $1`,
      [orphan.paymentId],
    );
    expect(row).toEqual({ status: "CAPTURED", amountCaptured: 450, platformFee: 90, tutorShare: 360 });
    await expect(page.getByTestId("timeline")).toContainText("payment.capture_requested");
    await expect(page.getByTestId("timeline")).toContainText("operation.capture");

    // the audit log names the admin and the reason
    await page.goto(`/admin/audit?action=payment.capture_requested&subject=${orphan.lessonId}`);
    const rows = page.getByTestId("audit-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("Ada Admin");
    await expect(rows.first()).toContainText("admin@demo.test");
    await expect(rows.first()).toContainText(reason);
    await shot(page, "admin-audit-log");

    // and the queue no longer has it
    await page.goto("/admin/queue?category=ORPHANED_AUTHORIZATION");
    await expect(page.getByRole("heading", { name: "Needs attention" })).toBeVisible();
    await expect(item(page, `ORPHANED_AUTHORIZATION:${orphan.lessonId}`)).toHaveCount(0);
    await context.close();
  });

  test("a hold two hours from its capture deadline is at the top of the queue, with its time left", async ({ browser }) => {
    const now = await appNow();
    const start = new Date(Math.ceil((now.getTime() + 20 * HOUR) / HOUR) * HOUR);
    const captureBefore = new Date(now.getTime() + 2 * HOUR);
    const near = await seedHeldLesson({ student, tutor, status: "SCHEDULED", start, minutes: 50, amount: 850, captureBefore });
    // other holds in the shared database with an earlier deadline (the dev seed's own example) are moved out of the way
    await sql(`UPDATE "Payment" SET "captureBefore" = $1 WHERE status = 'AUTHORIZED' AND "captureBefore" <= $2 AND id <> $3`, [
      new Date(now.getTime() + 5 * DAY),
      captureBefore,
      near.paymentId,
    ]);

    const { context, page } = await newSignedInPage(browser, "admin@demo.test");
    await page.goto("/admin/queue");
    const first = page.getByTestId("queue-item").first();
    await expect(first).toHaveAttribute("data-key", `DEADLINE_NEAR:${near.lessonId}`);
    await expect(first.getByRole("heading")).toContainText("Hold near its capture deadline");
    await expect(first.getByTestId("time-left")).toContainText(/^(1 h 5\d min|2 h) left — the hold lapses /);
    await expect(first.getByTestId("why")).toContainText(
      "The $8.50 hold (Ines Incident with Theo Tutor) lapses before the lesson even ends",
    );
    await expect(first.getByRole("button", { name: "Capture now" })).toHaveCount(0); // not over yet: only a void can help
    await shot(page, "admin-queue-deadline");

    // phone width: the queue still reads top to bottom, actions full width
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(first.getByRole("button", { name: "Void authorization" })).toBeVisible();
    await shot(page, "admin-queue-phone");
    await context.close();
  });

  test("a partial refund of a captured lesson shows the ledger reversal on the tutor's earnings", async ({ browser }) => {
    const refundTutor = await createTutor({ name: "Rhea Refund", timeZone: "UTC", allDay: false });
    const now = await appNow();
    const start = new Date(Math.floor((now.getTime() - 6 * DAY) / HOUR) * HOUR);
    const lesson = await seedHeldLesson({ student, tutor: refundTutor, status: "COMPLETED", start, minutes: 25, amount: 450 });

    const { context, page } = await newSignedInPage(browser, "admin@demo.test");
    await page.goto(`/admin/lessons/${lesson.lessonId}`);
    await page.getByRole("button", { name: "Capture now" }).click();
    await page.getByRole("dialog").getByLabel("Reason").fill("capturing before the refund test");
    await page.getByRole("dialog").getByRole("button", { name: "Capture $4.50" }).click();
    await expect(page.getByTestId("statuses")).toContainText("Payment: Captured", { timeout: 15_000 });

    await page.getByRole("button", { name: "Refund", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Refund this payment?" });
    await dialog.locator("label.choice", { hasText: "Partial" }).click();
    await dialog.getByLabel(/Amount to refund/).fill("1.50");
    await expect(dialog).toContainText("Takes back $1.20 from the tutor's earning and $0.30 of the platform fee.");
    // a refund without a reason is refused in the dialog
    await dialog.getByRole("button", { name: "Refund $1.50" }).click();
    await expect(dialog.getByRole("alert")).toContainText("Say why");
    await dialog.getByLabel("Reason").fill("the lesson ended 10 minutes early");
    await shot(page, "admin-refund-dialog");
    await dialog.getByRole("button", { name: "Refund $1.50" }).click();
    await expect(page.getByTestId("action-outcome")).toContainText("Refund: Refunded.", { timeout: 15_000 });
    await expect(page.getByTestId("statuses")).toContainText("Payment: Partially refunded");
    const ledger = page.getByTestId("ledger");
    await expect(ledger.locator('tr[data-kind="EARNING_REVERSAL"]')).toContainText("-$1.20");
    await expect(ledger.locator('tr[data-kind="FEE_REVERSAL"]')).toContainText("-$0.30");
    await expect(page.getByTestId("tutor-net")).toContainText("$2.40");
    await shot(page, "admin-lesson-refunded");

    const reversals = await sql<{ kind: string; amount: number }>(
      `SELECT kind::text, amount FROM "LedgerEntry" WHERE "lessonId" = $1 AND kind IN ('EARNING_REVERSAL', 'FEE_REVERSAL') ORDER BY kind`,
      [lesson.lessonId],
    );
    expect(reversals).toEqual([
      { kind: "EARNING_REVERSAL", amount: -120 },
      { kind: "FEE_REVERSAL", amount: -30 },
    ]);

    // the tutor's own earnings page shows the reduced earning
    const t = await newSignedInPage(browser, refundTutor.email, "UTC");
    const res = await t.page.goto("/tutor/earnings");
    if (res && res.status() < 400 && new URL(t.page.url()).pathname === "/tutor/earnings") {
      await expect(t.page.locator("#main")).toContainText("$2.40");
      await shot(t.page, "tutor-earnings-after-refund");
    } else {
      test.info().annotations.push({ type: "note", description: "no /tutor/earnings page yet: checked on the admin lesson detail" });
    }
    await t.context.close();
    await context.close();
  });

  test("search finds a lesson by email, PaymentIntent id and lesson id; the CSV export downloads the searched rows", async ({
    browser,
  }) => {
    const buyer = await createUser({ role: "STUDENT", name: 'Casey, "CSV" Buyer', timeZone: "UTC" });
    const now = await appNow();
    const start = new Date(Math.floor((now.getTime() - 2 * DAY) / HOUR) * HOUR + 30 * MIN);
    const a = await seedHeldLesson({ student: buyer, tutor, status: "COMPLETED", start, minutes: 25, amount: 450 });

    const { context, page } = await newSignedInPage(browser, "admin@demo.test");
    await page.goto("/admin");
    await page.getByRole("searchbox", { name: /Search by lesson id/ }).fill(a.pi);
    await page.getByRole("searchbox", { name: /Search by lesson id/ }).press("Enter");
    await expect(page).toHaveURL(/\/admin\/search\?q=pi_/);
    await expect(page.getByTestId("lesson-row")).toHaveCount(1);
    await expect(page.getByTestId("lesson-row")).toContainText(a.lessonId);

    const day = start.toISOString().slice(0, 10); // the demo admin's zone is UTC
    await page.goto(`/admin/lessons?q=${encodeURIComponent(buyer.email)}&from=${day}&to=${day}`);
    await expect(page.getByTestId("lesson-row")).toHaveCount(1);
    await expect(page.getByTestId("lesson-row")).toContainText("Casey");
    await shot(page, "admin-lessons-search");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
    expect(download.suggestedFilename()).toBe(`lessons_${day}_to_${day}.csv`);
    const csv = await readFile((await download.path())!, "utf8");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^"lesson_id","scheduled_start_utc","scheduled_end_utc","duration_minutes","lesson_status","student_name","student_email",/,
    );
    expect(lines[1]).toContain(`"${a.lessonId}","${start.toISOString()}",`);
    expect(lines[1]).toContain(`,"Casey, ""CSV"" Buyer","${buyer.email}","Theo Tutor",`);
    expect(lines[1]).toContain(`,"AUTHORIZED","${a.pi}","450","0","0","0","0",`);

    // the same search by lesson id from the lessons page
    await page.goto(`/admin/lessons?q=${a.lessonId}`);
    await expect(page.getByTestId("lesson-row")).toHaveCount(1);
    // the export refuses anyone but an admin
    const anon = await fetch(`${E2E.appUrl}/api/admin/export?from=${day}&to=${day}`);
    expect(anon.status).toBe(401);
    await context.close();
  });

  test("students and tutors are refused: /admin sends them home, admin procedures answer FORBIDDEN", async ({ browser }) => {
    const [any] = await sql<{ lessonId: string }>(`SELECT "lessonId" FROM "Payment" LIMIT 1`);
    const lessonId = any?.lessonId ?? randomUUID();
    for (const email of ["student@demo.test", "tutor@demo.test"]) {
      const { context, page } = await newSignedInPage(browser, email);
      await page.goto("/admin/queue");
      await expect(page).toHaveURL(/\/\?denied=/);
      await expect(page.locator("#main").getByRole("alert")).toContainText("That page is not available to your account");
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);

      const res = await page.request.post("/api/trpc/admin.capture", {
        headers: { Origin: E2E.appUrl, "Content-Type": "application/json" },
        data: { json: { lessonId, reason: "trying my luck" } },
      });
      expect(res.status()).toBe(403);
      const body = (await res.json()) as { error: { json: { data: { code: string } } } };
      expect(body.error.json.data.code).toBe("FORBIDDEN");
      const queue = await page.request.get(`/api/trpc/admin.queue?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
      expect(queue.status()).toBe(403);
      const csv = await page.request.get("/api/admin/export");
      expect(csv.status()).toBe(403);
      if (email === "student@demo.test") await shot(page, "admin-refused-student");
      await context.close();
    }
  });

  test("the invariants page runs the checker with the sandbox counters and links each finding", async ({ browser }) => {
    const { context, page } = await newSignedInPage(browser, "admin@demo.test");
    // the overview after the captures above: today's money and the chart, with its numbers as a table too
    await page.goto("/admin");
    await expect(page.getByTestId("window-today")).not.toContainText("Captured$0.00");
    await expect(
      page.getByRole("img", { name: /Daily captured volume and platform fees, last 30 days \(USD\): Captured \$\d/ }),
    ).toBeVisible();
    await page.getByText("Show the numbers as a table").click();
    await shot(page, "admin-overview-after");
    await page.goto("/admin/invariants");
    await expect(page.getByText("Stripe sandbox counters")).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId("invariants-ok").or(page.getByTestId("violations"))).toBeVisible();
    await shot(page, "admin-invariants");
    await context.close();
  });
});

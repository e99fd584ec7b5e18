import { requireUser } from "~/server/auth/require-user";
import { AvailabilityEditor } from "./availability-editor";

export const dynamic = "force-dynamic";

export default async function AvailabilityPage() {
  await requireUser({ role: "TUTOR", next: "/tutor/availability" });
  return (
    <section className="stack">
      <h1>Weekly availability</h1>
      <AvailabilityEditor />
    </section>
  );
}

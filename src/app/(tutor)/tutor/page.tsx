import { requireUser } from "~/server/auth/require-user";
import { TutorDashboard } from "./tutor-dashboard";

export const dynamic = "force-dynamic";

export default async function TutorDashboardPage() {
  const user = await requireUser({ role: "TUTOR", next: "/tutor" });
  return <TutorDashboard name={user.name} />;
}

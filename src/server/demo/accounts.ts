import "server-only";
// Demo accounts seeded in embedded mode only (npm run dev). Listed in the README.
export const DEMO_PASSWORD = "demo-password";

export interface DemoAccount {
  email: string;
  name: string;
  role: "STUDENT" | "TUTOR" | "ADMIN";
  timeZone: string;
  tutor?: { price25: number; price50: number; currency: string; headline: string };
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: "student@demo.test", name: "Sam Student", role: "STUDENT", timeZone: "America/New_York" },
  {
    email: "tutor@demo.test",
    name: "Tara Tutor",
    role: "TUTOR",
    timeZone: "Europe/Berlin",
    tutor: { price25: 450, price50: 850, currency: "USD", headline: "Conversational Spanish for beginners" },
  },
  { email: "admin@demo.test", name: "Ada Admin", role: "ADMIN", timeZone: "UTC" },
  { email: "student2@demo.test", name: "Lee Learner", role: "STUDENT", timeZone: "Asia/Tokyo" },
  { email: "student3@demo.test", name: "Maya Mendes", role: "STUDENT", timeZone: "America/Sao_Paulo" },
  {
    email: "tutor2@demo.test",
    name: "Omar Okafor",
    role: "TUTOR",
    timeZone: "Africa/Lagos",
    tutor: { price25: 1200, price50: 2200, currency: "USD", headline: "Maths: algebra to calculus" },
  },
  {
    email: "tutor3@demo.test",
    name: "Hana Hoshino",
    role: "TUTOR",
    timeZone: "Asia/Tokyo",
    tutor: { price25: 900, price50: 1700, currency: "USD", headline: "Japanese, JLPT N5–N3" },
  },
];

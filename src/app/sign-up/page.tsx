import { SignUpForm } from "./sign-up-form";

export default function SignUpPage() {
  return (
    <div className="card" style={{ maxWidth: 440, margin: "0 auto" }}>
      <h1>Create your account</h1>
      <SignUpForm />
    </div>
  );
}

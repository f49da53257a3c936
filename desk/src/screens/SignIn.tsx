// Sign in with email and password; the server answers with an httpOnly session cookie.
import { useState, type FormEvent } from "react";
import { Navigate, useSearchParams } from "react-router";
import { isCode, plainWords } from "../api/errors";
import { useSession } from "../session";

export function SignInPage() {
  const { user, expired, signIn } = useSession();
  const [params] = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get("next") ?? "/";

  if (user) return <Navigate to={next.startsWith("/") ? next : "/"} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
    } catch (failure) {
      setError(isCode(failure, "UNAUTHENTICATED") ? "Wrong email or password." : plainWords(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>The desk</h1>
      {expired && (
        <p role="status" className="notice">
          Your session has ended. Sign in again: your unsaved changes are kept in this browser.
        </p>
      )}
      <form onSubmit={submit} aria-label="Sign in">
        <label>
          Email
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}

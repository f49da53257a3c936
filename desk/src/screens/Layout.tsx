// The frame around every signed-in screen: the masthead, sign out, the connection banner.
import { Link, NavLink, Navigate, Outlet, useLocation } from "react-router";
import { useState } from "react";
import { plainWords } from "../api/errors";
import { useSession } from "../session";
import { ConnectionBanner } from "../ui/Banner";

export function Layout() {
  const { user, newsroom, signOut } = useSession();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  if (user === undefined) return <p className="loading">Loading the desk…</p>;
  if (user === null) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="masthead">
        <Link to="/" className="brand">
          The desk · {newsroom.name}
        </Link>
        {/* One line per screen, so screens added side by side merge cleanly. */}
        <nav aria-label="Desk" className="desk-nav">
          <NavLink to="/" end>Stories</NavLink>
          <NavLink to="/pictures">Pictures</NavLink>
          <NavLink to="/schedule">Schedule</NavLink>
          <NavLink to="/fronts">Fronts</NavLink>
          <NavLink to="/settings">Settings</NavLink>
        </nav>
        <span className="who">
          {user.name ?? user.email} ({user.role.toLowerCase()})
        </span>
        <button type="button" onClick={() => signOut().catch((failure) => setError(plainWords(failure)))}>
          Sign out
        </button>
        {error && (
          <span role="alert" className="error">
            {error}
          </span>
        )}
      </header>
      <ConnectionBanner />
      <main id="main">
        <Outlet />
      </main>
    </>
  );
}

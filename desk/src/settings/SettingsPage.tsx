// The newsroom's settings, one page per kind of thing: users, ad slots and webhooks for admins, authors
// and sections for everyone (admins change them, the others read them), tags for everyone
// (editors and admins rename and merge them). Lazy-loaded.
import { Navigate, NavLink, Route, Routes } from "react-router";
import { useUser } from "../session";
import { AdSlotsSettings } from "./AdSlots";
import { AuthorsSettings } from "./Authors";
import { SectionsSettings } from "./Sections";
import { TagsSettings } from "./Tags";
import { UsersSettings } from "./Users";
import { WebhooksSettings } from "./Webhooks";
import "./settings.css";

function AdminsOnly({ what }: { what: string }) {
  return (
    <p role="note" className="notice">
      Only admins manage {what}.
    </p>
  );
}

export default function SettingsPage() {
  const user = useUser();
  const admin = user.role === "ADMIN";
  return (
    <div className="settings">
      <h1>Settings</h1>
      <nav aria-label="Settings" className="settings-nav">
        {admin && <NavLink to="/settings/users">Users</NavLink>}
        <NavLink to="/settings/authors">Authors</NavLink>
        <NavLink to="/settings/sections">Sections</NavLink>
        <NavLink to="/settings/tags">Tags</NavLink>
        {admin && <NavLink to="/settings/ad-slots">Ad slots</NavLink>}
        {admin && <NavLink to="/settings/webhooks">Webhooks</NavLink>}
      </nav>
      <Routes>
        <Route index element={<Navigate to={admin ? "users" : "authors"} replace />} />
        <Route path="users" element={admin ? <UsersSettings /> : <AdminsOnly what="users" />} />
        <Route path="authors" element={<AuthorsSettings admin={admin} />} />
        <Route path="sections" element={<SectionsSettings admin={admin} />} />
        <Route path="tags" element={<TagsSettings canEdit={admin || user.role === "EDITOR"} />} />
        <Route path="ad-slots" element={admin ? <AdSlotsSettings /> : <AdminsOnly what="ad slots" />} />
        <Route path="webhooks" element={admin ? <WebhooksSettings /> : <AdminsOnly what="webhooks" />} />
        <Route path="*" element={<Navigate to="/settings" replace />} />
      </Routes>
    </div>
  );
}

// Every screen of the desk, by address (under /desk/).
import { lazy, Suspense } from "react";
import { createBrowserRouter } from "react-router";
import { BudgetPage } from "./screens/Budget";
import { Layout } from "./screens/Layout";
import { SignInPage } from "./screens/SignIn";

const StoryPage = lazy(() => import("./story/StoryPage"));
const PreviewPage = lazy(() => import("./story/PreviewPage"));
const SettingsPage = lazy(() => import("./settings/SettingsPage"));
const PicturesPage = lazy(() => import("./pictures/PicturesPage"));
const FrontsPage = lazy(() => import("./fronts/FrontsPage"));
const SchedulePage = lazy(() => import("./schedule/SchedulePage"));

const loading = <p className="loading">Loading…</p>;

export const router = createBrowserRouter(
  [
    { path: "/sign-in", element: <SignInPage /> },
    {
      element: <Layout />,
      children: [
        { index: true, element: <BudgetPage /> },
        // One route for new and existing stories ("new" is no id), so the page that creates a
        // story stays mounted as its address changes: nothing typed meanwhile is dropped.
        { path: "stories/:id", element: <Suspense fallback={loading}><StoryPage /></Suspense> },
        { path: "fronts", element: <Suspense fallback={loading}><FrontsPage /></Suspense> },
        { path: "settings/*", element: <Suspense fallback={loading}><SettingsPage /></Suspense> },
        { path: "pictures", element: <Suspense fallback={loading}><PicturesPage /></Suspense> },
        { path: "schedule", element: <Suspense fallback={loading}><SchedulePage /></Suspense> },
      ],
    },
    { path: "/stories/:id/preview", element: <Suspense fallback={loading}><PreviewPage /></Suspense> },
  ],
  { basename: "/desk" },
);

// Every screen of the desk, by address (under /desk/).
import { lazy, Suspense } from "react";
import { createBrowserRouter } from "react-router";
import { BudgetPage } from "./screens/Budget";
import { Layout } from "./screens/Layout";
import { SignInPage } from "./screens/SignIn";

const StoryPage = lazy(() => import("./story/StoryPage"));
const PreviewPage = lazy(() => import("./story/PreviewPage"));

const loading = <p className="loading">Loading…</p>;

export const router = createBrowserRouter(
  [
    { path: "/sign-in", element: <SignInPage /> },
    {
      element: <Layout />,
      children: [
        { index: true, element: <BudgetPage /> },
        { path: "stories/new", element: <Suspense fallback={loading}><StoryPage /></Suspense> },
        { path: "stories/:id", element: <Suspense fallback={loading}><StoryPage /></Suspense> },
      ],
    },
    { path: "/stories/:id/preview", element: <Suspense fallback={loading}><PreviewPage /></Suspense> },
  ],
  { basename: "/desk" },
);

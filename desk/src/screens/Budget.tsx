// The budget: every story, newest change first.
import { Link } from "react-router";

export function BudgetPage() {
  return (
    <section>
      <h1>Stories</h1>
      <Link to="/stories/new" className="button">
        New story
      </Link>
    </section>
  );
}

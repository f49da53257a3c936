// The story editor (lazy-loaded: it carries the body editor).
import { useParams } from "react-router";
import { BodyEditor } from "../editor/BodyEditor";

export default function StoryPage() {
  const { id } = useParams();
  return (
    <section>
      <h1>{id ? "Story" : "New story"}</h1>
      <BodyEditor value={[]} onChange={() => undefined} readOnly label="Body" />
    </section>
  );
}

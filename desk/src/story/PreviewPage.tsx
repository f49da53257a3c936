// The preview: the working copy as readers will see it.
export default function PreviewPage() {
  return <p>Preview</p>;
}

// The preview: the working copy rendered read-only as readers will see it, ads and credits
// included, read from the delivery API with a short-lived preview token.
import { useEffect, useState } from "react";
import { useParams } from "react-router";
import { deliver, request } from "../api/client";
import { plainWords } from "../api/errors";
import { PreviewArticleDocument, type PreviewArticleQuery } from "../gql-delivery/graphql";
import { CreatePreviewTokenDocument, StoryDocument } from "../gql/graphql";
import { useSession } from "../session";
import { formatTime } from "../util/time";

type Article = NonNullable<PreviewArticleQuery["article"]>;
type Block = Article["body"][number];

function BlockView({ block }: { block: Block }) {
  switch (block.__typename) {
    case "Paragraph":
      return <p dangerouslySetInnerHTML={{ __html: block.html }} />;
    case "Heading": {
      const Tag = `h${Math.min(6, Math.max(2, block.level))}` as "h2";
      return <Tag>{block.text}</Tag>;
    }
    case "BlockQuote":
      return (
        <blockquote>
          {block.paragraphs.map((paragraph, i) => (
            <p key={i} dangerouslySetInnerHTML={{ __html: paragraph.html }} />
          ))}
          {block.attribution && <footer>— {block.attribution}</footer>}
        </blockquote>
      );
    case "PullQuote":
      return (
        <aside className="pull-quote">
          <p>“{block.text}”</p>
          {block.attribution && <footer>— {block.attribution}</footer>}
        </aside>
      );
    case "MediaBlock":
      return (
        <figure>
          <img src={block.url} srcSet={block.srcset ?? undefined} alt={block.altText ?? ""} width={block.width ?? undefined} height={block.height ?? undefined} />
          <figcaption>
            {block.caption} {block.credit && <span className="credit">{block.credit}</span>}
          </figcaption>
        </figure>
      );
    case "Embed":
      return (
        <figure className="embed">
          <div dangerouslySetInnerHTML={{ __html: block.html }} />
          {block.caption && <figcaption>{block.caption}</figcaption>}
        </figure>
      );
    case "RelatedLink":
      return (
        <p className="related">
          <strong>{block.label}</strong> <a href={block.externalUrl ?? "#"}>{block.text}</a>
        </p>
      );
    case "ListBlock": {
      const items = block.items.map((item, index) => <li key={index} dangerouslySetInnerHTML={{ __html: item.html }} />);
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case "AdSlotBlock":
      return (
        <aside className="ad-slot" aria-label="Advertisement">
          <span>Advertisement</span>
          <small>
            {block.slot.name} ({block.slot.sizes.map((size) => `${size.width}×${size.height}`).join(", ")})
          </small>
        </aside>
      );
    default:
      return null;
  }
}

export default function PreviewPage() {
  const { id } = useParams();
  const { user, newsroom } = useSession();
  const [article, setArticle] = useState<Article | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!id || !user) return;
    let live = true;
    (async () => {
      const story = (await request(StoryDocument, { id })).article;
      if (!story) throw new Error("This story does not exist.");
      const token = (await request(CreatePreviewTokenDocument, { id })).createPreviewToken.token;
      const answer = await deliver(PreviewArticleDocument, { slug: story.slug, previewToken: token });
      if (live) setArticle(answer.article);
      if (live && !answer.article) setError("The preview is not available for this story.");
    })().catch((failure: unknown) => live && setError(plainWords(failure)));
    return () => {
      live = false;
    };
  }, [id, user]);

  if (user === null) return <p className="preview-note">Sign in to the desk to see this preview.</p>;
  if (error) return <p role="alert" className="error preview-note">{error}</p>;
  if (!article) return <p className="loading">Loading the preview…</p>;
  return (
    <div className="preview">
      <p className="preview-note" role="note">
        Preview of the working copy, as readers will see it once published. Read-only.
      </p>
      <article>
        {article.section && <p className="kicker">{article.section.name}</p>}
        <h1>{article.headline}</h1>
        {article.dek && <p className="dek">{article.dek}</p>}
        <p className="byline">
          {article.bylines.map((byline) => (byline.role ? `${byline.author.name} (${byline.role})` : byline.author.name)).join(", ")}
          {article.dateline && ` · ${article.dateline}`} · {formatTime(article.updatedAt, newsroom.timeZone)}
        </p>
        {article.leadMedia && (
          <figure className="lead">
            <img src={article.leadMedia.url} srcSet={article.leadMedia.srcset ?? undefined} alt={article.leadMedia.altText ?? ""} />
            <figcaption>
              {article.leadMedia.caption} {article.leadMedia.credit && <span className="credit">{article.leadMedia.credit}</span>}
            </figcaption>
          </figure>
        )}
        {article.body.map((block, index) => (
          <BlockView key={index} block={block} />
        ))}
        {article.corrections.length > 0 && (
          <section className="corrections">
            <h2>Corrections</h2>
            {article.corrections.map((correction, index) => (
              <p key={index}>
                {formatTime(correction.at, newsroom.timeZone)}: {correction.text}
              </p>
            ))}
          </section>
        )}
      </article>
    </div>
  );
}

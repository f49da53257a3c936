// A picture as a <picture>: AVIF and WebP sources, a JPEG <img> with its true size (so the
// page never shifts while it loads) and its dominant colour and blurred preview behind it.
import type { PictureFieldsFragment } from "./gql/graphql.js";
import { element, empty, escape } from "./html.js";

export function picture(image: PictureFieldsFragment, options: { alt: string; sizes: string; eager?: boolean }): string {
  const [smallest] = image.jpeg;
  const background = image.placeholder
    ? `background-color:${image.placeholder.color};background-image:url(${image.placeholder.dataUri});background-size:cover`
    : null;
  const img = empty("img", {
    src: smallest ? smallest.url : null,
    srcset: image.jpeg.map((one) => `${one.url} ${one.width}w`).join(", "),
    sizes: options.sizes,
    width: image.width,
    height: image.height,
    alt: options.alt,
    loading: options.eager ? "eager" : "lazy",
    decoding: "async",
    style: background,
  });
  const sources = [
    empty("source", { type: "image/avif", srcset: image.avif, sizes: options.sizes }),
    empty("source", { type: "image/webp", srcset: image.webp, sizes: options.sizes }),
  ];
  return `<picture>${sources.join("")}${img}</picture>`;
}

export function figure(
  image: PictureFieldsFragment | null,
  caption: { altText: string | null; caption: string | null; credit: string | null },
  options: { sizes: string; eager?: boolean; id?: string },
): string {
  if (!image) return "";
  const text = [caption.caption, caption.credit].filter((part): part is string => part !== null);
  const figcaption = text.length ? element("figcaption", {}, escape(text.join(" "))) : "";
  const shown = picture(image, { alt: caption.altText ?? "", sizes: options.sizes, eager: options.eager ?? false });
  return element("figure", { id: options.id ?? null }, shown + figcaption);
}

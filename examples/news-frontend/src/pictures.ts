// A picture as a <picture>: AVIF and WebP sources, a JPEG <img> with its true size (so the
// page never shifts while it loads) and its dominant colour and blurred preview behind it.
import type { PictureFieldsFragment } from "./gql/graphql";
import { element, escape } from "./html";

export function picture(image: PictureFieldsFragment, options: { alt: string; sizes: string; eager?: boolean }): string {
  const [smallest] = image.jpeg;
  const jpegSrcset = image.jpeg.map((one) => `${one.url} ${one.width}w`).join(", ");
  const background = image.placeholder
    ? `background-color:${image.placeholder.color};background-image:url(${image.placeholder.dataUri});background-size:cover`
    : null;
  const img = element("img", {
    src: smallest ? smallest.url : null,
    srcset: jpegSrcset,
    sizes: options.sizes,
    width: image.width,
    height: image.height,
    alt: options.alt,
    loading: options.eager ? "eager" : "lazy",
    decoding: "async",
    style: background,
  }).replace("></img>", ">");
  const sources = [
    element("source", { type: "image/avif", srcset: image.avif, sizes: options.sizes }),
    element("source", { type: "image/webp", srcset: image.webp, sizes: options.sizes }),
  ].map((source) => source.replace("></source>", ">"));
  return `<picture>${sources.join("")}${img}</picture>`;
}

export function figure(image: PictureFieldsFragment | null, caption: { altText: string | null; caption: string | null; credit: string | null }, sizes: string): string {
  if (!image) return "";
  const text = [caption.caption, caption.credit].filter((part): part is string => part !== null);
  const figcaption = text.length ? element("figcaption", {}, escape(text.join(" "))) : "";
  return element("figure", {}, picture(image, { alt: caption.altText ?? "", sizes }) + figcaption);
}

// What readers are told of the API's enums. Each table names every value, so a value the API
// adds fails the type check until the site decides what to show for it.
import type { EmbedProvider, SocialNetwork, StoryType } from "./gql/graphql.js";

/** The label above a headline for each kind of story (OPINION and SPONSORED must be labelled). */
export const STORY_TYPES: Record<StoryType, string | null> = {
  NEWS: null,
  ANALYSIS: "Analysis",
  OPINION: "Opinion",
  REVIEW: "Review",
  LIVE: "Live",
  SPONSORED: "Sponsored content",
};

/** An author's link text by network; OTHER shows the name the desk gave it. */
export const NETWORKS: Record<SocialNetwork, string | null> = {
  X: "X",
  BLUESKY: "Bluesky",
  MASTODON: "Mastodon",
  THREADS: "Threads",
  FACEBOOK: "Facebook",
  INSTAGRAM: "Instagram",
  LINKEDIN: "LinkedIn",
  TIKTOK: "TikTok",
  YOUTUBE: "YouTube",
  WEBSITE: "Website",
  OTHER: null,
};

/** How an embed is framed: a video keeps 16:9, a post or a chart its own height. */
export const EMBED_FRAMES: Record<EmbedProvider, "video" | "audio" | "post" | "graphic"> = {
  YOUTUBE: "video",
  VIMEO: "video",
  TIKTOK: "video",
  X: "post",
  INSTAGRAM: "post",
  FACEBOOK: "post",
  BLUESKY: "post",
  SPOTIFY: "audio",
  SOUNDCLOUD: "audio",
  DATAWRAPPER: "graphic",
  FLOURISH: "graphic",
  GOOGLE_MAPS: "graphic",
  OTHER: "post",
};

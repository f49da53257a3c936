// The coordinated contracts the desk codes against before the server exports them. Each piece
// is added to the management schema only while the exported schema lacks it, so codegen keeps
// checking the desk against the real schema as soon as a piece lands. Delete a piece (and in
// the end this file) once main has it.

const pieces: { present: RegExp; sdl: string }[] = [
  {
    present: /\bsignIn\(/,
    sdl: `type SignInResult { user: User! expiresAt: DateTime! }
extend type Mutation {
  signIn(email: String!, password: String!): SignInResult!
  signOut: Boolean!
}`,
  },
  {
    present: /\benum WorkflowAction\b/,
    sdl: `enum WorkflowAction { SUBMIT REQUEST_CHANGES APPROVE PUBLISH SCHEDULE UNSCHEDULE UNPUBLISH TAKE_DOWN ARCHIVE }`,
  },
  {
    present: /\ballowedActions: \[WorkflowAction!\]!/,
    sdl: `extend type EditorialArticle { allowedActions: [WorkflowAction!]! }`,
  },
  { present: /\bcanEdit: Boolean!/, sdl: `extend type EditorialArticle { canEdit: Boolean! }` },
  { present: /\bupdatedBy: User\b/, sdl: `extend type EditorialArticle { updatedBy: User }` },
  {
    present: /\btotalCount: Int!/,
    sdl: `extend type EditorialArticleConnection { totalCount: Int! }`,
  },
  {
    present: /\barticleCounts\(/,
    sdl: `type StatusCount { status: Status! count: Int! }
extend type Query {
  articleCounts(section: String = null, author: String = null, mine: Boolean = false, search: String = null): [StatusCount!]!
}`,
  },
  {
    present: /\btype Newsroom\b/,
    sdl: `type Newsroom { name: String! timeZone: String! deliveryUrl: String! }
extend type Query { newsroom: Newsroom! }`,
  },
];

/** The management SDL with every contract piece it still lacks. */
export function pendingContracts(sdl: string): string {
  let out = sdl;
  // articles(mine, search): new arguments of an existing field, patched in place.
  out = out.replace(
    /(\n  articles\(first: Int = 20, after: String = null, status: Status = null, section: String = null, author: String = null)\)/,
    "$1, mine: Boolean = false, search: String = null)",
  );
  for (const piece of pieces) {
    if (!piece.present.test(sdl)) out += `\n${piece.sdl}\n`;
  }
  return out;
}

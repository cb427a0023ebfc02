import type { GraphiqlExample } from "@emporium/platform";

/** The tabs bff-web's GraphiQL opens, the first one active. */
export const bffWebExamples: GraphiqlExample[] = [
  {
    title: "Categories",
    query: `# bff-web composes the services for the web client. Run: ▶ or Ctrl-Enter.
query Categories {
  categories { id name slug }
}
`,
  },
  {
    title: "Me (signed in)",
    query: `# Needs a customer's access token in the Headers tab (see the README, "Signing in").
query Me {
  me { id displayName email }
}
`,
    headers: `{ "Authorization": "Bearer <paste alice's access token>" }`,
  },
];

import type { GraphiqlExample } from "@emporium/platform";

/** The tabs bff-mobile's GraphiQL opens, the first one active. */
export const bffMobileExamples: GraphiqlExample[] = [
  {
    title: "Categories",
    query: `# bff-mobile composes the services for the mobile clients. Run: ▶ or Ctrl-Enter.
query Categories {
  categories { id name }
}
`,
  },
  {
    title: "Me (signed in)",
    query: `# Needs a customer's access token in the Headers tab (see the README, "Signing in").
query Me {
  me { id displayName }
}
`,
    headers: `{ "Authorization": "Bearer <paste alice's access token>" }`,
  },
];

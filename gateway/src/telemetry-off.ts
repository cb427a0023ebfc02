// Apollo's gateway reports usage and probes a cloud metadata address unless this is set before it
// is constructed. Imported first by everything that builds a gateway; set again at construction.
process.env.APOLLO_TELEMETRY_DISABLED = "1";
export const APOLLO_TELEMETRY_DISABLED = "1";

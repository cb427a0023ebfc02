import { graphql, GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import { DateTimeScalar } from "./date-time-scalar";

/** A schema that echoes a DateTime argument back, to see both directions as a client does. */
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: "Query",
    fields: {
      now: { type: DateTimeScalar, resolve: () => new Date(Date.UTC(2026, 10, 25, 10, 0, 0, 7)) },
      echo: {
        type: GraphQLString,
        args: { at: { type: DateTimeScalar } },
        resolve: (_: unknown, args: { at: Date }) => `${args.at instanceof Date}:${args.at.toISOString()}`,
      },
    },
  }),
});
const run = (source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues });

describe("DateTime", () => {
  it("serialises a Date as RFC 3339 in UTC with milliseconds", async () => {
    expect((await run("{ now }")).data).toEqual({ now: "2026-11-25T10:00:00.007Z" });
  });

  it("reads RFC 3339 with an offset into a Date, as a literal and as a variable", async () => {
    expect((await run(`{ echo(at: "2026-11-25T12:00:00+02:00") }`)).data).toEqual({
      echo: "true:2026-11-25T10:00:00.000Z",
    });
    const res = await run("query($at: DateTime) { echo(at: $at) }", { at: "2026-11-25T10:00:00.5Z" });
    expect(res.data).toEqual({ echo: "true:2026-11-25T10:00:00.500Z" });
  });

  it("refuses input without an offset, an impossible date, or another type, saying what it expects", async () => {
    for (const at of ["2026-11-25T10:00:00", "2026-13-45T10:00:00Z", "yesterday", 1764064800000]) {
      const res = await run("query($at: DateTime) { echo(at: $at) }", { at });
      expect(res.errors?.[0]?.message).toContain("DateTime must be an RFC 3339 date-time with an offset");
    }
    const literal = await run("{ echo(at: 5) }");
    expect(literal.errors?.[0]?.message).toContain("DateTime must be an RFC 3339 date-time with an offset");
  });
});

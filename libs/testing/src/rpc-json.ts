import { create, toJson, type DescMessage, type DescMethodUnary, type MessageInitShape } from "@bufbuild/protobuf";

/** A unary answer as it crossed the wire: the HTTP status and the JSON body, keys as sent. */
export interface RpcJsonAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Calls a unary RPC with the Connect JSON protocol over the service's HTTP listener and returns the
 * raw JSON, so a spec sees exactly which fields were sent (a typed client fills in defaults).
 */
export async function rpcJson<I extends DescMessage, O extends DescMessage>(
  httpUrl: string,
  method: DescMethodUnary<I, O>,
  request: MessageInitShape<I>,
  token?: string,
): Promise<RpcJsonAnswer> {
  const res = await fetch(`${httpUrl}/${method.parent.typeName}/${method.name}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "connect-protocol-version": "1",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(toJson(method.input, create(method.input, request))),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

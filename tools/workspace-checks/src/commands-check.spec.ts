import path from "node:path";
import { checkCommands, compileContracts } from "./commands-check";
import { REPO, runNode, scratchCopy } from "./scratch-copy";

const CONTRACTS = ["proto", "proto-vendor", "buf.yaml"];
const PAYMENTS = "proto/emporium/payments/v1/commands.proto";
const INVENTORY = "proto/emporium/inventory/v1/commands.proto";
const SHIPPING = "proto/emporium/shipping/v1/commands.proto";
const CLI = path.join(REPO, "tools", "workspace-checks", "src", "commands-check-cli.ts");

describe("commands check (ADR 0017)", () => {
  let copy: ReturnType<typeof scratchCopy>;
  beforeEach(() => {
    copy = scratchCopy(CONTRACTS);
  });
  afterEach(() => copy.remove());

  const problems = () => checkCommands(compileContracts(copy.root));

  it("passes on the committed contracts", () => {
    expect(checkCommands(compileContracts(REPO))).toEqual([]);
  });

  it("fails when a command does not name its replies", () => {
    copy.edit(SHIPPING, (t) =>
      t.replace(
        /(message CancelShipmentCommand \{\n)\s+option \(emporium\.messaging\.v1\.replies\) = \{[^}]*\};\n/,
        "$1",
      ),
    );
    expect(problems()).toEqual([
      "emporium/shipping/v1/commands.proto: CancelShipmentCommand has no (emporium.messaging.v1.replies) option naming its success and failure replies",
    ]);
  });

  it("fails when a reply is not a message of the receiver's package", () => {
    copy.edit(PAYMENTS, (t) =>
      t
        .replace(
          `failure: "emporium.payments.v1.PaymentCaptureFailed"`,
          `failure: "emporium.payments.v1.CaptureFailed"`,
        )
        .replace(`success: "emporium.payments.v1.PaymentVoided"`, `success: "emporium.orders.v1.OrderPlaced"`),
    );
    expect(problems()).toEqual([
      "emporium/payments/v1/commands.proto: CapturePaymentCommand: the failure reply emporium.payments.v1.CaptureFailed is not a message of emporium.payments.v1",
      "emporium/payments/v1/commands.proto: VoidPaymentCommand: the success reply emporium.orders.v1.OrderPlaced is not of the receiver's package emporium.payments.v1",
    ]);
  });

  it("fails when two commands share a reply", () => {
    copy.edit(INVENTORY, (t) =>
      t.replace(
        `failure: "emporium.inventory.v1.ReservationReleaseFailed"`,
        `failure: "emporium.inventory.v1.ReservationCommitFailed"`,
      ),
    );
    expect(problems()).toEqual([
      "emporium/inventory/v1/commands.proto: ReleaseReservationCommand: the failure reply emporium.inventory.v1.ReservationCommitFailed already answers emporium.inventory.v1.CommitReservationCommand; each reply answers one command",
    ]);
  });

  it("fails when a command lacks order_id, correlation_id or expire_time", () => {
    copy.edit(INVENTORY, (t) =>
      t.replace(
        /(message ReturnStockCommand \{[^}]*\};\n)\s+string order_id = 1;\n\s+string correlation_id = 2;\n\s+google\.protobuf\.Timestamp expire_time = 3;\n/,
        "$1  string order_id = 1;\n  int64 correlation_id = 2;\n",
      ),
    );
    expect(problems()).toEqual([
      "emporium/inventory/v1/commands.proto: ReturnStockCommand needs a field `string correlation_id`",
      "emporium/inventory/v1/commands.proto: ReturnStockCommand needs a field `google.protobuf.Timestamp expire_time`",
    ]);
  });

  it("fails when a command is declared outside its receiver's commands.proto", () => {
    copy.edit(
      "proto/emporium/orders/v1/events.proto",
      (t) => `${t}\nmessage ShipOrderCommand {\n  string order_id = 1;\n}\n`,
    );
    expect(problems()).toEqual([
      "emporium/orders/v1/events.proto: ShipOrderCommand is a command: declare it in its receiver's commands.proto",
    ]);
  });

  it("exits non-zero from the command line, naming the file", () => {
    expect(runNode(["--import", "tsx", CLI])).toMatchObject({ status: 0 });
    copy.edit(PAYMENTS, (t) => t.replace("google.protobuf.Timestamp expire_time = 3;", "string deadline = 3;"));
    const r = runNode(["--import", "tsx", CLI, "--root", copy.root]);
    expect(r.status).toBe(1);
    expect(r.output).toContain(
      "proto/emporium/payments/v1/commands.proto: AuthorizePaymentCommand needs a field `google.protobuf.Timestamp expire_time`",
    );
  });
});

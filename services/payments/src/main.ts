import { runServiceMain } from "@emporium/platform";
import { paymentsService } from "./app";
import { loadPaymentsConfig } from "./config";

runServiceMain("payments", { loadConfig: loadPaymentsConfig, build: paymentsService.build });

import { runServiceMain } from "@emporium/platform";
import { ordersService } from "./app";
import { loadOrdersConfig } from "./config";

runServiceMain("orders", { loadConfig: loadOrdersConfig, build: ordersService.build });

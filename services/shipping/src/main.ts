import { runServiceMain } from "@emporium/platform";
import { shippingService } from "./app";
import { loadShippingConfig } from "./config";

runServiceMain("shipping", { loadConfig: loadShippingConfig, build: shippingService.build });

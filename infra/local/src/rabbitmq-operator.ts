import { amqpUrl, managementUrl } from "@emporium/local-servers";
import { LOCAL_RABBITMQ_OPERATOR, LOCAL_RABBITMQ_VHOST, localRabbitmqPorts } from "./local-rabbitmq";
import { readLocalSecrets } from "./local-secrets";
import { stateDir } from "./state-dir";

/**
 * Where an operator tool (the dead-letter CLI) finds the local platform's broker: the state directory
 * and ports of `env`, as `npm start` uses them, and user `operator` on vhost `emporium`. Reads
 * secrets.json, creates nothing.
 */
export function localRabbitmqOperator(env: NodeJS.ProcessEnv = process.env): {
  amqpUrl: string;
  managementUrl: string;
} {
  const dir = stateDir(env);
  const password = readLocalSecrets(dir)?.rabbitmqOperatorPassword;
  if (typeof password !== "string")
    throw new Error(
      `the local platform in ${dir} has no RabbitMQ operator user (secrets.json has no rabbitmqOperatorPassword; npm start adds it)`,
    );
  const ports = localRabbitmqPorts(env);
  return {
    amqpUrl: amqpUrl(ports.amqp, { user: LOCAL_RABBITMQ_OPERATOR, password }, LOCAL_RABBITMQ_VHOST),
    managementUrl: managementUrl({ managementPort: ports.management }),
  };
}

import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SQSClient,
  type SQSClientConfig,
} from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import type { AddressInfo } from 'node:net';
import { LocalAwsError } from './errors.js';
import { closeServer } from './httpServer.js';
import { clientFactory } from './clientFactory.js';
import { startFaultProxy } from './startFaultProxy.js';
import type { LocalService, ServiceContext, StartedService } from './serviceContext.js';
import { createSqsProtocol } from './sqsProtocol.js';

/** SQS's default (and maximum) message size since August 2025. */
const DEFAULT_MAXIMUM_MESSAGE_SIZE = 1024 * 1024;

/** Options of {@link LocalSqs.createQueue}. */
export interface CreateQueueOptions {
  /**
   * Create a FIFO queue; `.fifo` is appended to the name if missing.
   * @default true when the name ends in `.fifo`, else false
   */
  readonly fifo?: boolean;
  /** Sets the queue's `ContentBasedDeduplication` attribute (FIFO only). */
  readonly contentBasedDeduplication?: boolean;
  /** Further queue attributes, e.g. `{ MaximumMessageSize: '262144' }`; they win over the two options above. */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** One message read back by {@link LocalSqs.receiveAll}. */
export interface SqsMessage {
  /** Message id assigned by the emulator. */
  readonly messageId: string;
  /** Message body. */
  readonly body: string;
  /** System attributes (`SentTimestamp`, and for FIFO `MessageGroupId`, `SequenceNumber`, `MessageDeduplicationId`, …). */
  readonly attributes: Readonly<Record<string, string>>;
  /** Message attributes as sent. */
  readonly messageAttributes: Readonly<Record<string, MessageAttributeValue>>;
}

/** The local SQS: local-aws-sqs (standard and FIFO queues) behind a fault proxy. */
export interface LocalSqs extends LocalService<SQSClient, SQSClientConfig> {
  /**
   * Creates a queue and resolves to its URL. The URL names the emulator's host, as a real
   * QueueUrl names AWS's; clients from {@link LocalService.client} still go through the proxy
   * because their `endpoint` is set.
   */
  createQueue(name: string, options?: CreateQueueOptions): Promise<string>;
  /**
   * Receives and deletes until no message is ready (an empty receive confirmed by the queue's
   * ApproximateNumberOfMessages), straight from the emulator, in receive order. Each batch is deleted before the next receive, so a FIFO group's next
   * message is only released after the previous one is gone: per-group order is preserved.
   * Delayed or in-flight messages are not waited for.
   */
  receiveAll(queueUrl: string): Promise<SqsMessage[]>;
}

/** Starts local-aws-sqs (in memory) and its fault proxy. */
export async function startLocalSqs(context: ServiceContext): Promise<StartedService<LocalSqs>> {
  // hostname keeps QueueUrls on 127.0.0.1; without the lifecycle emulation a deleted queue's name
  // can be reused at once, as tests do.
  const server = await createSqsServer({ port: 0, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
  server.keepAliveTimeout = 120_000;
  const directEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const factory = clientFactory<SQSClientConfig, SQSClient>(SQSClient, context);
  const direct = factory(directEndpoint)();

  async function maximumMessageSize(queueUrl: string): Promise<number> {
    try {
      const { Attributes } = await direct.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['MaximumMessageSize'] }),
      );
      return Number(Attributes?.MaximumMessageSize ?? DEFAULT_MAXIMUM_MESSAGE_SIZE);
    } catch {
      // Unknown queue: the emulator answers QueueDoesNotExist once the request is forwarded.
      return DEFAULT_MAXIMUM_MESSAGE_SIZE;
    }
  }

  /** Messages ready to receive, per the queue's counter (delayed and in-flight ones excluded). */
  async function remaining(queueUrl: string): Promise<number> {
    const { Attributes = {} } = await direct.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(Attributes.ApproximateNumberOfMessages ?? 0);
  }

  const faults = await startFaultProxy(createSqsProtocol(maximumMessageSize), directEndpoint, context, () => {
    direct.destroy();
    return closeServer(server);
  });

  const handle: LocalSqs = {
    endpoint: faults.endpoint,
    directEndpoint,
    faults,
    client: factory(faults.endpoint),
    directClient: factory(directEndpoint),
    async createQueue(name, options = {}) {
      const fifo = options.fifo ?? name.endsWith('.fifo');
      const queueName = fifo && !name.endsWith('.fifo') ? `${name}.fifo` : name;
      const attributes: Record<string, string> = {
        ...(fifo ? { FifoQueue: 'true' } : {}),
        ...(options.contentBasedDeduplication === undefined
          ? {}
          : { ContentBasedDeduplication: String(options.contentBasedDeduplication) }),
        ...options.attributes,
      };
      const { QueueUrl } = await direct.send(new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }));
      if (QueueUrl === undefined) throw new LocalAwsError(`CreateQueue returned no QueueUrl for ${queueName}`);
      return QueueUrl;
    },
    async receiveAll(queueUrl) {
      const messages: SqsMessage[] = [];
      let emptyPolls = 0;
      for (;;) {
        const { Messages: received = [] } = await direct.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
            VisibilityTimeout: 60,
            MessageSystemAttributeNames: ['All'],
            // local-aws-sqs reads only the older (deprecated) AttributeNames.
            AttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        if (received.length === 0) {
          // An empty receive is not proof of an empty queue: under load local-aws-sqs has
          // answered empty with messages still waiting. Stop only once the queue says so.
          const left = await remaining(queueUrl);
          if (left === 0) return messages;
          if (++emptyPolls > 250) {
            throw new LocalAwsError(`receiveAll gave up: ${left} messages still in the queue after 250 empty receives`);
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        emptyPolls = 0;
        for (const message of received) {
          messages.push({
            messageId: message.MessageId ?? '',
            body: message.Body ?? '',
            attributes: { ...message.Attributes },
            messageAttributes: { ...message.MessageAttributes },
          });
        }
        const deleted = await direct.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: received.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle ?? '' })),
          }),
        );
        if ((deleted.Failed ?? []).length > 0) {
          throw new LocalAwsError(`receiveAll could not delete messages: ${JSON.stringify(deleted.Failed)}`);
        }
      }
    },
  };
  return {
    handle,
    async stop() {
      await faults.stop();
      direct.destroy();
      await closeServer(server);
    },
  };
}

export { isRetryableAwsError } from './isRetryableAwsError.js';
export { awsErrorName } from './awsErrorName.js';
export { utf8ByteLength } from './utf8ByteLength.js';
export { codePointLength } from './codePointLength.js';
export { findAsciiControl, NOT_ASCII } from './findAsciiControl.js';
export { payloadToText, UnserializablePayloadError } from './encodePayload.js';
export { binaryBytes } from './binaryBytes.js';
export { abortReason, untilAborted, waitUnlessAborted } from './untilAborted.js';

export { booleanOption, clientOption, integerOption } from './optionChecks.js';

export type { ClientLike } from './types.js';

/** Web proxy log formats: Squid and Zscaler Internet Access. */
import type { LogFormatDefinition } from '../../model.js';
import { squidFormat } from './squid.js';
import { zscalerFormat } from './zscaler.js';

export const webLogFormats: readonly LogFormatDefinition[] = [squidFormat, zscalerFormat];

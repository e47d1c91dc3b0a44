/**
 * Histograms as compressed base64 (HdrHistogram's V2 compressed encoding, as every HdrHistogram
 * library reads it): results carry them so that shards and baselines can be merged and re-summarised
 * exactly. Apart from histogram.ts because the load never encodes: its modules (and pako) are loaded
 * by what writes or reads results.
 */
import type { Histogram } from 'hdr-histogram-js';
// Imported for its effect too: installs JsHistogram's compressed-base64 encoder.
import { decompress, doDecode } from 'hdr-histogram-js/dist/JsHistogram.encoding.js';

export function encodeHistogram(histogram: Histogram): string {
  return (histogram as Histogram & { encodeIntoCompressedBase64(): string }).encodeIntoCompressedBase64();
}

/** Decodes compressed base64; throws a plain Error with the library's reason when it is not one. */
export function decodeHistogram(base64: string): Histogram {
  return doDecode(decompress(Buffer.from(base64.trim(), 'base64')), 32);
}

/**
 * A voice note the way WhatsApp sends them (audio/ogg; codecs=opus), made here so tests need
 * no recording: an Ogg stream (RFC 3533) holding an Opus stream (RFC 7845) of mono 20 ms
 * frames. Each frame is a one-byte Opus packet (TOC only: a zero-length frame, RFC 6716
 * section 3.2.1), which a decoder plays as silence: a real, playable file of the given length.
 */
const OGG_CRC = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

function crc(bytes: Buffer): number {
  let value = 0;
  for (const byte of bytes) value = ((value << 8) ^ OGG_CRC[((value >>> 24) ^ byte) & 0xff]) >>> 0;
  return value;
}

function page(packets: Buffer[], granule: bigint, sequence: number, flags: number): Buffer {
  const lacing: number[] = [];
  for (const packet of packets) {
    let left = packet.length;
    while (left >= 255) {
      lacing.push(255);
      left -= 255;
    }
    lacing.push(left);
  }
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'latin1');
  header[4] = 0; // version
  header[5] = flags; // 2: first page of the stream, 4: last
  header.writeBigUInt64LE(granule, 6);
  header.writeUInt32LE(0x57414d45, 14); // stream serial number
  header.writeUInt32LE(sequence, 18);
  header[26] = lacing.length;
  Buffer.from(lacing).copy(header, 27);
  const whole = Buffer.concat([header, ...packets]);
  whole.writeUInt32LE(crc(whole), 22);
  return whole;
}

export function silentOggOpus(seconds: number): Buffer {
  const preSkip = 312;
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1; // version
  head[9] = 1; // mono
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(48_000, 12); // input sample rate
  const tags = Buffer.concat([Buffer.from('OpusTags', 'latin1'), Buffer.from([4, 0, 0, 0]), Buffer.from('test'), Buffer.alloc(4)]);
  const frames = Math.max(1, Math.round(seconds * 50));
  const pages = [page([head], 0n, 0, 2), page([tags], 0n, 1, 0)];
  // 0xF8: CELT-only fullband 20 ms (config 31), mono, one frame.
  for (let done = 0, sequence = 2; done < frames; sequence++) {
    const count = Math.min(50, frames - done);
    done += count;
    pages.push(page(Array.from({ length: count }, () => Buffer.from([0xf8])), BigInt(done * 960 + preSkip), sequence, done === frames ? 4 : 0));
  }
  return Buffer.concat(pages);
}

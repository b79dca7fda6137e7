import { spawn, type ChildProcess } from 'node:child_process';

/*
 * A packet capture on the loopback interface with dumpcap (Wireshark's capture program), as
 * the kernel sends the packets: the harness's independent record of what real stacks put on
 * the wire. A BPF filter keeps only the harness's ports. The capture is stopped with SIGINT,
 * on which dumpcap flushes and closes its pcapng file.
 */

export class PacketCapture {
  private constructor(private readonly child: ChildProcess, private readonly exited: Promise<number | null>) {}

  /** Starts capturing `tcp port P or ...` on `interfaceName` into `file`; resolves once dumpcap reports it is capturing. */
  static async start(file: string, ports: readonly number[], interfaceName = 'lo'): Promise<PacketCapture> {
    const filter = ports.map((port) => `tcp port ${port}`).join(' or ');
    const child = spawn('dumpcap', ['-i', interfaceName, '-f', filter, '-w', file, '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      let stderr = '';
      child.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new Error('dumpcap is not installed: apt-get install tshark (it brings dumpcap)') : error));
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // dumpcap names its output file once the interface is open and packets are being taken.
        if (/File: /.test(stderr)) resolve();
      });
      void exited.then((code) => reject(new Error(`dumpcap exited (${code}) before capturing: ${stderr.trim()}`)));
    });
    return new PacketCapture(child, exited);
  }

  /** Stops the capture; resolves when dumpcap has written and closed its file. */
  async stop(): Promise<void> {
    this.child.kill('SIGINT');
    const code = await this.exited;
    if (code !== 0) throw new Error(`dumpcap exited with ${code}`);
  }
}

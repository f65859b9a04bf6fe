#!/usr/bin/python3
"""Decodes SNMP messages with tshark and fails on anything it flags.

Usage: tshark_check.py PCAP_OUT FILE_OR_DIR...

Every .bin file named (or found in a named folder, sorted) is one SNMP
message. They go into a pcap as UDP datagrams on 127.0.0.1 (to port 161
when the file sits in a folder named *requests*, else from port 161), and
tshark decodes them all. The check fails unless tshark decodes every one as
SNMP and flags none as malformed or with an expert warning or error.
Exit status: 0 clean, 1 flagged, 2 usage or tool error.
"""
import os
import struct
import subprocess
import sys

LINKTYPE_IPV4 = 228
SNMP_PORT = 161
CLIENT_PORT = 40000


def ipv4_checksum(header):
    total = sum(struct.unpack("!10H", header))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def udp_packet(payload, to_agent):
    sport, dport = (CLIENT_PORT, SNMP_PORT) if to_agent else (SNMP_PORT, CLIENT_PORT)
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    loopback = bytes([127, 0, 0, 1])
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                         loopback, loopback)
    header = header[:10] + struct.pack("!H", ipv4_checksum(header)) + header[12:]
    return header + udp


def message_files(args):
    for arg in args:
        if os.path.isdir(arg):
            for name in sorted(os.listdir(arg)):
                if name.endswith(".bin"):
                    yield os.path.join(arg, name)
        else:
            yield arg


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    pcap_path = sys.argv[1]
    files = list(message_files(sys.argv[2:]))
    with open(pcap_path, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, LINKTYPE_IPV4))
        for i, path in enumerate(files):
            with open(path, "rb") as f:
                payload = f.read()
            to_agent = "requests" in os.path.basename(os.path.dirname(path))
            packet = udp_packet(payload, to_agent)
            out.write(struct.pack("<IIII", i, 0, len(packet), len(packet)) + packet)

    def count(display_filter):
        run = subprocess.run(["tshark", "-n", "-r", pcap_path, "-Y", display_filter],
                             capture_output=True, text=True, check=False)
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            sys.exit(2)
        lines = [line for line in run.stdout.splitlines() if line.strip()]
        return len(lines), lines

    decoded, _ = count("snmp")
    flagged, lines = count("_ws.malformed or _ws.expert.severity >= warning")
    print(f"tshark: {len(files)} messages, {decoded} decoded as SNMP, {flagged} flagged")
    for line in lines:
        print("  flagged:", line)
    return 0 if decoded == len(files) and flagged == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

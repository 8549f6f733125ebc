#!/bin/sh
# Regenerates the capture import fixtures in this folder (run as root: tcpdump and dumpcap capture
# on lo). Needs tcpdump, dumpcap, editcap and tshark (Debian: tcpdump, tshark) and python3.
#
# 1. PcapFixtureMaker records the base captures, each with the relay's recording of the same run
#    (NAME.pgwb): plain.pcap (IPv4, pgJDBC extended queries and two errors), ipv6.pcap (relay on
#    ::1), bigquery.pcap (a 6 KB Query in 1000-byte segments), cancel.pcap (a pg_sleep cancelled:
#    two connections), twoif.pcapng (lo and any at once).
# 2. The variants are derived from them with editcap and pcaptool.py; their .pgwb is the base's.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../../.." && pwd)
cd "$root"
./mvnw -B -q ${PGWB_MVN_FLAGS:-} -pl protocol test -Dtest=PcapFixtureMaker -Dpgwb.recapture.pcap=true -Dsurefire.failIfNoSpecifiedTests=false
cd "$here"
chmod 644 ./*.pcap ./*.pcapng

# joined mid-connection: the handshake, startup and first queries are not in the capture
editcap -r plain.pcap midstream.pcap 17-100000
# only the TCP handshake missed: the capture starts at the client's SSLRequest, then its StartupMessage
handshake=$(tshark -r plain.pcap -Y 'tcp.stream == 0 && (tcp.flags.syn == 1 || (tcp.len == 0 && tcp.seq == 1 && tcp.ack == 1))' \
    -T fields -e frame.number)
test "$(echo $handshake | wc -w)" -eq 3
editcap plain.pcap nohandshake.pcap $handshake
# a lost segment: the third 1000-byte piece of the big Query
lost=$(tshark -r bigquery.pcap -Y 'tcp.len == 1000' -T fields -e frame.number | sed -n 3p)
editcap bigquery.pcap dropped.pcap "$lost"
# segments out of order and one retransmitted: swap the 4th and 5th pieces, repeat the 2nd
set -- $(tshark -r bigquery.pcap -Y 'tcp.len == 1000' -T fields -e frame.number | sed -n '2p;4p;5p')
python3 pcaptool.py shuffle bigquery.pcap reordered.pcap "$2" "$3" "$1"
# a snapshot length of 90 bytes: most packets lose the end of their payload
editcap -s 90 plain.pcap snaplen.pcap
editcap -F nsecpcap plain.pcap nsec.pcap
python3 pcaptool.py bigendian plain.pcap bigendian.pcap
python3 pcaptool.py vlan plain.pcap vlan.pcap
python3 pcaptool.py rawip plain.pcap rawip.pcap
python3 pcaptool.py null plain.pcap null.pcap
python3 pcaptool.py loop plain.pcap loop.pcap
python3 pcaptool.py sll plain.pcap sll.pcap

# what Wireshark makes of them
test "$(tshark -r vlan.pcap -Y 'vlan.id == 100' | wc -l)" -gt 0
tshark -r twoif.pcapng -T fields -e frame.interface_name -e frame.encap_type 2>/dev/null | sort | uniq -c
capinfos -t -E nsec.pcap bigendian.pcap rawip.pcap null.pcap loop.pcap sll.pcap | grep -E 'File name|File type|encapsulation'
ls -l

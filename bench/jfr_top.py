#!/usr/bin/env python3
"""Where a JFR recording spent its CPU: the hottest leaf frames, the hottest first Parley frames (im.parley.*) with the
stack beneath them, and the exceptions thrown. Used by bench/compare.sh for the "What costs the most" section.

    bench/jfr_top.py RECORDING.jfr [top-n]
"""
import collections, json, os, subprocess, sys

rec = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 12
jfr = os.environ.get("JFR", "jfr")

def events(kind):
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", kind, rec],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]

def dotted(class_name):
    # JFR writes most classes as internal names (im/parley/Foo) but hidden classes such as lambdas with dots: one form
    return class_name.replace("/", ".")

def type_name(frame):
    return dotted(frame["method"]["type"]["name"])

def name(frame):
    return f'{type_name(frame)}.{frame["method"]["name"]}'

samples = events("jdk.ExecutionSample")
n = len(samples)
leaf, first_ours, ours_chain, pkg = collections.Counter(), collections.Counter(), {}, collections.Counter()
for e in samples:
    frames = (e["values"].get("stackTrace") or {}).get("frames") or []
    if not frames:
        continue
    leaf[name(frames[0])] += 1
    top_pkg = ".".join(type_name(frames[0]).split(".")[:3])
    pkg[top_pkg] += 1
    for i, f in enumerate(frames):
        if type_name(f).startswith("im.parley."):
            key = name(f)
            first_ours[key] += 1
            ours_chain.setdefault(key, collections.Counter())[" < ".join(name(x) for x in frames[max(0, i - 3):i + 1])] += 1
            break
print(f"{rec}: {n} execution samples")
print(f"\nhottest leaf frames (self time):")
for k, c in leaf.most_common(top):
    print(f"  {100 * c / n:5.1f}%  {k}")
print(f"\nby package of the leaf frame:")
for k, c in pkg.most_common(top):
    print(f"  {100 * c / n:5.1f}%  {k}")
print(f"\nfirst Parley frame on the stack (inclusive), with the frames it calls:")
for k, c in first_ours.most_common(top):
    chain = ours_chain[k].most_common(1)[0][0]
    print(f"  {100 * c / n:5.1f}%  {k}\n           e.g. {chain}")
# Each sample is charged to the innermost stage of the hot path on its stack (walking from the leaf up), so the
# shares add up to 100 %: e.g. H2 work under MessageArchiver is "MAM archiving", XML parsing under SslHandler.unwrap
# is "XML parse", not TLS.
STAGES = [("MAM archiving (MessageArchiver.intercept, incl. its H2/JDBC)", ("im.parley.ext.mam.MessageArchiver.",)),
          ("offline store/drain (JdbcOfflineQueue)", ("im.parley.storage.jdbc.JdbcOfflineQueue.",)),
          ("archive writes (JdbcMessageArchive)", ("im.parley.storage.jdbc.JdbcMessageArchive.",)),
          ("roster storage (JdbcRosterStore)", ("im.parley.storage.jdbc.JdbcRosterStore.",)),
          ("account lookups (JdbcUserStore)", ("im.parley.storage.jdbc.JdbcUserStore.",)),
          ("last activity (JdbcLastActivityStore)", ("im.parley.storage.jdbc.JdbcLastActivityStore.",)),
          ("SCRAM key derivation (ScramCrypto.hi, PBKDF2)", ("im.parley.sasl.ScramCrypto.hi",)),
          ("SASL/SCRAM other", ("im.parley.sasl.",)),
          ("XML parse (XmlStreamDecoder, Aalto, dom4j build)", ("im.parley.xml.XmlStreamDecoder.", "im.parley.xml.ElementTreeBuilder.", "com.fasterxml.aalto.")),
          ("XML write (StanzaWriter)", ("im.parley.xml.StanzaWriter.",)),
          ("presence broadcast (ext.presence)", ("im.parley.ext.presence.",)),
          ("roster module (ext.roster)", ("im.parley.ext.roster.",)),
          ("carbons (CarbonCopies)", ("im.parley.ext.carbons.",)),
          ("routing (LocalRouter)", ("im.parley.routing.",)),
          ("TLS (SslHandler: JDK SSLEngine or OpenSSL)", ("io.netty.handler.ssl.", "sun.security.ssl.")),
          ("socket read/write syscalls", ("io.netty.channel.unix.", "io.netty.channel.epoll.AbstractEpollStreamChannel.doWrite", "sun.nio.ch.")),
          ("Netty pipeline, buffers, event loop (not TLS)", ("io.netty.",)),
          ("executor hand-offs (java.util.concurrent)", ("java.util.concurrent.",)),
          ("GC / JIT / other JVM threads", ("java.lang.ref.", "jdk.internal.misc.")),]
stage_count = collections.Counter()
for e in samples:
    frames = (e["values"].get("stackTrace") or {}).get("frames") or []
    label = "other"
    for f in frames:
        nm = name(f)
        hit = next((lbl for lbl, prefixes in STAGES if nm.startswith(prefixes)), None)
        if hit:
            label = hit
            break
    stage_count[label] += 1
print("\nCPU by stage of the hot path (each sample charged to its innermost stage; adds up to 100 %):")
for label, c in stage_count.most_common():
    print(f"  {100 * c / n:5.1f}%  {label}")

try:
    exc = events("jdk.JavaExceptionThrow")
    kinds = collections.Counter()
    for e in exc:
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        where = next((name(f) for f in frames if type_name(f).startswith("im.parley.")), name(frames[-1]) if frames else "?")
        kinds[(dotted(e["values"]["thrownClass"]["name"]), where)] += 1
    print(f"\nexceptions constructed: {len(exc)}")
    for (cls, where), c in kinds.most_common(6):
        print(f"  {c:7d}  {cls}  (first Parley frame: {where})")
except (subprocess.CalledProcessError, KeyError) as err:
    print(f"(no exception events: {err})")

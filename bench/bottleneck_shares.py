#!/usr/bin/env python3
# Bottleneck shares of a design, per fusion mode: the share of the network's time spent in depthwise
# convolution and in small layers (MAC layers with fewer than 128 output pixels, N*P*Q: on a 128-row
# systolic array their stream is shorter than a weight preload). Runs the built CLI.
# Usage: bench/bottleneck_shares.py ARCH WORKLOAD[,WORKLOAD...]   (from the repository root)
import json, subprocess, sys
arch = sys.argv[1]
for w in sys.argv[2].split(','):
    shapes = {o['name']: o for o in json.load(open(f'workloads/{w}.json'))['ops']}
    for fusion in ['none', 'producer', 'global']:
        out = subprocess.run(['build/app/accelscope-cli', 'evaluate', '--arch', arch, '--workload', w,
                              '--fusion', fusion, '--json'], capture_output=True, text=True, check=True).stdout
        d = json.loads(out)
        total = d['cycles']  # the network's cycles (fused ops overlap their producers)
        dw = sum(b['cycle_share'] for b in d['bottlenecks'] if b['category'] == 'depthwise conv') * total
        small = 0
        for o in d['ops']:
            s = shapes.get(o['name'])
            if o['unit'] == 'mac array' and s and s.get('P'):
                pix = s.get('N', 1) * s['P'] * s.get('Q', 1)
                if pix < 128: small += o['cycles']
        print(f"{w:16s} {fusion:8s} latency {d['latency_s']*1e3:.4f} ms  Perf/TDP {d['perf_per_tdp']:.1f}  dw {100*dw/total:.1f}%  small(<128 px) {100*small/total:.1f}%  dram {d['dram_bytes']/1e6:.1f} MB  energy {d['energy_j']*1e3:.2f} mJ")

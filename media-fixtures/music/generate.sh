#!/usr/bin/env bash
# Writes audio/music-only.wav: 15 s of synthesised music with no voice, 16 kHz mono 16-bit (the
# format the normalise stage produces): three phrases of a I-V-vi-IV chord progression (plucked
# strings over a bass, with kick, snare and hi-hat) separated by 1.5 s of silence, like a jingle
# around a recording. The pauses matter: after silence, pocketsphinx's voice-activity detector
# takes each phrase's onset for speech and decodes words from it. Tests use it for "music only ->
# no speech".
# Needs sox (scripts/install-deps.sh). Rerunning with the same sox gives the same bytes.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
s() { sox -D -R "$@"; }
bar=2   # seconds per chord: 120 bpm, four beats
i=0
for chord in "C3 E4 G4 C5" "G2 D4 G4 B4" "A2 E4 A4 C5" "F2 C4 F4 A4" "C3 E4 G4 C5" "G2 D4 G4 B4" "A2 E4 A4 C5" "F2 C4 F4 A4"; do
  set -- $chord
  # Two strums per bar, bass note held.
  s -n -r 16000 -c 1 "$tmp/strum.wav" synth 1 pluck "$2" pluck "$3" pluck "$4" remix - gain -14
  s "$tmp/strum.wav" "$tmp/strum.wav" "$tmp/chord.wav"
  s -n -r 16000 -c 1 "$tmp/bass.wav" synth $bar sawtooth "$1" lowpass 400 fade 0.01 $bar 0.3 gain -17
  s -m "$tmp/chord.wav" "$tmp/bass.wav" "$tmp/bar-$i.wav"
  i=$((i + 1))
done
# One bar of drums: kick on beats 1 and 3, snare on 2 and 4, hi-hat on every eighth.
s -n -r 16000 -c 1 "$tmp/kick.wav" synth 0.15 sine 120-40 fade 0 0.15 0.12 gain -4
s -n -r 16000 -c 1 "$tmp/snare.wav" synth 0.12 whitenoise bandpass 1800 1.2 fade 0 0.12 0.1 gain -10
s -n -r 16000 -c 1 "$tmp/hat.wav" synth 0.04 whitenoise gain -17 highpass 6000 fade 0 0.04 0.035
s -n -r 16000 -c 1 "$tmp/rest.wav" trim 0 0.25
beat() { s "$1" "$tmp/rest.wav" "$tmp/tmpbeat.wav" trim 0 0.25; s -m "$tmp/tmpbeat.wav" "$tmp/hatpad.wav" "$2"; }
s "$tmp/hat.wav" "$tmp/rest.wav" "$tmp/hatpad.wav" trim 0 0.25
beat "$tmp/kick.wav" "$tmp/b1.wav"
cp "$tmp/hatpad.wav" "$tmp/b2.wav"
beat "$tmp/snare.wav" "$tmp/b3.wav"
cp "$tmp/hatpad.wav" "$tmp/b4.wav"
s "$tmp/b1.wav" "$tmp/b2.wav" "$tmp/b3.wav" "$tmp/b4.wav" "$tmp/b1.wav" "$tmp/b2.wav" "$tmp/b3.wav" "$tmp/b4.wav" "$tmp/drumbar.wav"
s $(for j in 0 1 2 3 4 5 6 7; do echo "$tmp/drumbar.wav"; done) "$tmp/drums.wav"
s $(for j in 0 1 2 3 4 5 6 7; do echo "$tmp/bar-$j.wav"; done) "$tmp/harmony.wav"
s -m "$tmp/harmony.wav" "$tmp/drums.wav" -b 16 "$tmp/music.wav" norm -3
s -n -r 16000 -c 1 -b 16 "$tmp/pause.wav" trim 0 1.5
s "$tmp/music.wav" "$tmp/p1.wav" trim 0 2.5 fade 0 -0 0.2
s "$tmp/music.wav" "$tmp/p2.wav" trim 4 3 fade 0 -0 0.2
s "$tmp/music.wav" "$tmp/p3.wav" trim 8 3.5 fade 0 -0 0.5
s "$tmp/pause.wav" "$tmp/p1.wav" "$tmp/pause.wav" "$tmp/p2.wav" "$tmp/pause.wav" "$tmp/p3.wav" "$tmp/pause.wav" ../audio/music-only.wav

#!/usr/bin/env bash
# Prepares the spoken-digits+noise dataset (idempotent, offline): the ten digit words spoken by
# Debian's espeak-ng in 96 voices (8 English accents x 12 voice variants), three speaking rate and
# pitch settings each, resampled by sox to 16 kHz mono and cut to 1 s (word at 0.1 s). Split by
# voice: every 4th voice is a test voice, never heard in training (2,160 train / 720 test clips).
# Also babble.s16: continuous non-digit speech in 6 other voice settings, the source of the
# "babble" background class. The Java side (io.featuredrop.audio) moves each word to a random
# onset, mixes the backgrounds and computes the log-mel spectrograms. An incomplete folder (a file
# missing or of the wrong size) is prepared again.
# Output: $FEATUREDROP_DATA_DIR (default <repo>/data)/spoken-digits/{train,test}.s16 (16-bit LE PCM,
# 16,000 samples per clip), {train,test}.csv (digit,voice,rate,pitch per clip), babble.s16, VERSION.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${FEATUREDROP_DATA_DIR:-$ROOT/data}"
OUT="$DATA/spoken-digits"
VERSION="spoken-digits v3 (peak -3 dB): espeak-ng 96 voices x 10 digits x 3 settings, 16 kHz, 1 s"
complete() { # the version matches and every file is there with the size its clip list implies
  [ -f "$OUT/VERSION" ] && [ "$(cat "$OUT/VERSION")" = "$VERSION" ] && [ -s "$OUT/babble.s16" ] || return 1
  local split rows
  for split in train test; do
    [ -f "$OUT/$split.csv" ] && [ -f "$OUT/$split.s16" ] || return 1
    rows=$(( $(wc -l < "$OUT/$split.csv") - 1 ))
    [ "$rows" -gt 0 ] && [ "$(stat -c %s "$OUT/$split.s16")" -eq $((rows * 32000)) ] || return 1
  done
}
if complete; then
  exit 0
fi
if ! command -v espeak-ng >/dev/null 2>&1 || ! command -v sox >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  if [ -n "$SUDO" ] && ! command -v sudo >/dev/null 2>&1; then
    echo "featuredrop data: need Debian packages espeak-ng and sox, but not root and no sudo; run: apt-get install espeak-ng sox" >&2
    exit 1
  fi
  echo "featuredrop data: installing espeak-ng and sox ..."
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq espeak-ng sox >/dev/null
fi
start=$(date +%s)
tmp="$OUT.tmp"
rm -rf "$tmp"
mkdir -p "$tmp"
words=(zero one two three four five six seven eight nine)
accents=(en en-us en-gb-scotland en-gb-x-gbclan en-gb-x-rp en-gb-x-gbcwmd en-029 en-us-nyc)
variants=("" +m1 +m2 +m3 +m4 +m5 +m6 +m7 +f1 +f2 +f3 +f4)
settings=("130 35" "165 55" "200 75") # every voice says every digit at each of these rates / pitches
echo "digit,voice,rate,pitch" > "$tmp/train.csv"
echo "digit,voice,rate,pitch" > "$tmp/test.csv"
: > "$tmp/train.s16"
: > "$tmp/test.s16"
say() { # voice rate pitch text [sox effects] -> 16 kHz mono s16 on stdout (via a file: sox pads only input of known length)
  espeak-ng -v "$1" -s "$2" -p "$3" -w "$tmp/clip.wav" "$4"
  sox -q "$tmp/clip.wav" -t raw -r 16000 -e signed -b 16 -c 1 -L - "${@:5}" gain -n -3
}
v=0
for accent in "${accents[@]}"; do
  for variant in "${variants[@]}"; do
    voice="$accent$variant"
    split=train; [ $((v % 4)) -eq 3 ] && split=test
    for s in 0 1 2; do
      read -r rate pitch <<< "${settings[$(( (s + v) % 3 ))]}"
      for d in 0 1 2 3 4 5 6 7 8 9; do
        say "$voice" "$rate" "$pitch" "${words[$d]}" pad 0.1 1 trim 0 1 >> "$tmp/$split.s16"
        echo "$d,$voice,$rate,$pitch" >> "$tmp/$split.csv"
      done
    done
    v=$((v + 1))
  done
done
for split in train test; do
  rows=$(( $(wc -l < "$tmp/$split.csv") - 1 ))
  bytes=$(stat -c %s "$tmp/$split.s16")
  [ "$bytes" -eq $((rows * 32000)) ] || { echo "featuredrop data: $split.s16 has $bytes bytes for $rows clips of 1 s" >&2; exit 1; }
done
# babble: continuous speech without digit words, in voice settings not used for the digits
text="the weather was fine and the market was busy with people talking about the harvest, the trains, the river and the long road home"
: > "$tmp/babble.s16"
for voice in en+m8 en-us+f5 en-gb-x-rp+croak en-029+klatt en-us-nyc+klatt2 en-gb-scotland+whisper; do
  say "$voice" 175 50 "$text" >> "$tmp/babble.s16"
done
rm -f "$tmp/clip.wav"
echo "$VERSION" > "$tmp/VERSION"
rm -rf "$OUT"
mv "$tmp" "$OUT"
echo "featuredrop data: spoken-digits prepared in $(( $(date +%s) - start )) s: $(( $(wc -l < "$OUT/train.csv") - 1 )) train / $(( $(wc -l < "$OUT/test.csv") - 1 )) test clips, $(( $(stat -c %s "$OUT/babble.s16") / 32000 )) s of babble in $OUT"

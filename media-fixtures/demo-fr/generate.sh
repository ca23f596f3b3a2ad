#!/usr/bin/env bash
# Generates the French demo study from its scripts: one recording per line of cast.tsv, spoken by
# espeak-ng (one voice for the interviewer, another per respondent), assembled with ffmpeg, plus
# its reference transcript (SRT, cue times taken from the generated turns) and participants.tsv.
#
#   media-fixtures/demo-fr/generate.sh          # regenerate everything in place
#
# Needs espeak-ng and ffmpeg (scripts/install-deps.sh does not install espeak-ng: the outputs are
# committed, so running the studio or CI never needs it). Same tools, same bytes: no timestamps or
# encoder tags go into the files.
set -euo pipefail
export LC_ALL=C.UTF-8

HERE="$(cd "$(dirname "$0")" && pwd)"
RATE=22050
INTERVIEWER_NAME="Enquêteur"
INTERVIEWER_VOICE="fr+m3"
INTERVIEWER_PITCH=40
INTERVIEWER_SPEED=150
LEAD_MS=600         # silence before the first turn
SWITCH_MS=700       # pause when the other person speaks
SAME_MS=350         # pause between two turns of the same person
TAIL_MS=1000        # silence after the last turn
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

for tool in espeak-ng ffmpeg ffprobe; do
    command -v "$tool" >/dev/null || { echo "generate.sh: $tool is missing (apt-get install -y espeak-ng ffmpeg)" >&2; exit 1; }
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

samples_of_ms() { echo $(( $1 * RATE / 1000 )); }
# Appends N samples of silence to the raw track.
silence() { head -c $(( $1 * 2 )) /dev/zero >> "$2"; }
srt_time() {
    local ms=$1
    printf '%02d:%02d:%02d,%03d' $(( ms / 3600000 )) $(( ms / 60000 % 60 )) $(( ms / 1000 % 60 )) $(( ms % 1000 ))
}
ms_of_samples() { echo $(( ($1 * 1000 + RATE / 2) / RATE )); }

# participants.tsv: file, pseudonym, then the attribute columns of cast.tsv (voices and the planted
# persona stay out: the studio must find the personas itself).
head -n1 "$HERE/cast.tsv" | awk -F'\t' 'BEGIN{OFS="\t"} {printf "%s\t%s", "fichier", $2; for (i = 8; i <= NF; i++) printf "\t%s", $i; printf "\n"}' > "$WORK/participants.tsv"

tail -n +2 "$HERE/cast.tsv" | while IFS=$'\t' read -r file pseudonym format voice pitch speed persona rest; do
    script="$HERE/scripts/$file.txt"
    [ -f "$script" ] || { echo "generate.sh: missing $script" >&2; exit 1; }
    raw="$WORK/$file.raw"
    srt="$WORK/$file.srt"
    : > "$raw"
    : > "$srt"
    silence "$(samples_of_ms $LEAD_MS)" "$raw"
    pos=$(samples_of_ms $LEAD_MS)
    cue=0
    previous=""
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in ''|'#'*) continue ;; esac
        who="${line%%:*}"
        text="${line#*: }"
        if [ "$who" = "I" ]; then
            args=(-v "$INTERVIEWER_VOICE" -p "$INTERVIEWER_PITCH" -s "$INTERVIEWER_SPEED"); name="$INTERVIEWER_NAME"
        elif [ "$who" = "R" ]; then
            args=(-v "$voice" -p "$pitch" -s "$speed"); name="$pseudonym"
        else
            echo "generate.sh: $script: a line starts with 'I: ' (interviewer) or 'R: ' (respondent): $line" >&2; exit 1
        fi

        if [ -n "$previous" ]; then
            gap=$([ "$previous" = "$who" ] && echo $SAME_MS || echo $SWITCH_MS)
            n=$(samples_of_ms "$gap")
            silence "$n" "$raw"
            pos=$(( pos + n ))
        fi

        printf '%s' "$text" > "$WORK/turn.txt"
        espeak-ng "${args[@]}" -f "$WORK/turn.txt" -w "$WORK/turn.wav"
        ffmpeg -nostdin -v error -y -i "$WORK/turn.wav" -f s16le -acodec pcm_s16le -ar $RATE -ac 1 "$WORK/turn.raw"
        n=$(( $(stat -c %s "$WORK/turn.raw") / 2 ))
        cat "$WORK/turn.raw" >> "$raw"
        cue=$(( cue + 1 ))
        {
            echo "$cue"
            echo "$(srt_time "$(ms_of_samples $pos)") --> $(srt_time "$(ms_of_samples $(( pos + n )))")"
            echo "<v $name>$text"
            echo
        } >> "$srt"
        pos=$(( pos + n ))
        previous="$who"
    done < "$script"
    silence "$(samples_of_ms $TAIL_MS)" "$raw"
    total=$(( pos + $(samples_of_ms $TAIL_MS) ))

    pcm=(-f s16le -ar $RATE -ac 1 -i "$raw")
    exact=(-map_metadata -1 -fflags +bitexact -flags:a +bitexact)
    case "$format" in
        mp3) ffmpeg -nostdin -v error -y "${pcm[@]}" "${exact[@]}" -c:a libmp3lame -b:a 32k -id3v2_version 0 -write_xing 0 "$WORK/$file.mp3" ;;
        m4a) ffmpeg -nostdin -v error -y "${pcm[@]}" "${exact[@]}" -c:a aac -b:a 32k -movflags +faststart "$WORK/$file.m4a" ;;
        mp4)
            # A still: a coloured card with the interview's name, the recording's audio under it.
            colour=$(printf '%s' "$file" | md5sum | cut -c1-6)
            label="Entretien ${file%%-*} · $pseudonym — démo synthétique"
            printf '%s' "$label" > "$WORK/label.txt"
            draw=""
            [ -f "$FONT" ] && draw=",drawtext=fontfile=$FONT:textfile=$WORK/label.txt:fontcolor=white:fontsize=26:x=(w-text_w)/2:y=(h-text_h)/2"
            ffmpeg -nostdin -v error -y -f lavfi -i "color=c=0x${colour}:s=640x360:r=5:d=$(awk -v n="$total" -v r=$RATE 'BEGIN { printf "%.3f", n / r }')" "${pcm[@]}" "${exact[@]}" -flags:v +bitexact \
                -vf "format=yuv420p,colorlevels=romax=0.6:gomax=0.6:bomax=0.6${draw}" -shortest -map 0:v -map 1:a \
                -c:v libx264 -threads 1 -preset medium -tune stillimage -crf 30 -g 50 -x264-params no-info=1 \
                -c:a aac -b:a 32k -movflags +faststart "$WORK/$file.mp4" ;;
        *) echo "generate.sh: unknown format '$format' for $file (mp3, m4a or mp4)" >&2; exit 1 ;;
    esac

    cp "$WORK/$file.$format" "$HERE/$file.$format"
    cp "$srt" "$HERE/$file.srt"
    printf '%s\t%s\t%s\n' "$file.$format" "$pseudonym" "$rest" >> "$WORK/participants.tsv"
    echo "$file.$format: $cue turns, $(ms_of_samples "$pos") ms of speech and pauses"
done

cp "$WORK/participants.tsv" "$HERE/participants.tsv"

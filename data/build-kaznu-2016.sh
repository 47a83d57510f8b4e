#!/usr/bin/env sh
# Rebuilds data/kaznu-2016.json from nothing with confrec's own commands.
# The test suite runs this script and compares its output with the shipped
# file byte for byte, so the two cannot drift apart.
#
#   sh data/build-kaznu-2016.sh [OUTPUT]     (default: data/kaznu-2016.json)
#
# Only facts from the conference programme are recorded: no times, rooms,
# sessions or affiliations that it does not give. The university is the host;
# the four units are its organisers; the speech of the counselor of the MFA
# delegation is the welcome.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/kaznu-2016.json"}
confrec=${CONFREC:-confrec}
rm -f "$out" "$out.prev" "$out.names"
c() { "$confrec" --db "$out" "$@" 2>/dev/null; }

c event add "Evolution of the conceptual foundations and practices of multi-vector foreign policy of Kazakhstan" \
  --slug kaznu-2016 --start 2016-10-21 \
  --kind "International scientific-practical conference" \
  --host "Al-Farabi Kazakh National University" --city Almaty --country Kazakhstan \
  --timezone Asia/Almaty \
  --organizer "Faculty of international relations" \
  --organizer "Institute of problems of security and cooperation" \
  --organizer "Resource center of the American democratic studies" \
  --organizer "Resource and information center on NATO" \
  --description "Devoted to the 25th anniversary of the independence of the Republic of Kazakhstan."

c speaker add "D.T. Zhakenov" \
  --position "Counselor, delegation of the Ministry of Foreign Affairs in Almaty"
c speaker add "F.T. Kukeeva" --title Professor
c speaker add "P. Shabal" --title Professor --affiliation "University of Le Havre" --country France
c speaker add "Sh. Brennan" --title Professor --affiliation "University of Scranton" --country USA
c speaker add "R. McDermott" --title Dr. --country UK
c speaker add "K.I. Baizakova" --title Professor

c talk add "The role of Kazakhstan's foreign policy in strengthening peace, harmony and sustainable development" \
  --event kaznu-2016 --speaker Zhakenov --type welcome --status confirmed \
  --abstract "The welcome speech opens the conference on behalf of the delegation of the Ministry of Foreign Affairs in Almaty. It sets out how Kazakhstan's external policy has served to strengthen peace and harmony and to support sustainable development in the twenty-five years since independence."

c talk add "Multi-vector policy as a diplomatic style: the evolution of its conceptual framework" \
  --event kaznu-2016 --speaker Kukeeva --status confirmed \
  --abstract "The talk treats the multi-vector approach as a diplomatic style rather than only a doctrine. It follows how the conceptual framework of Kazakhstan's foreign policy has evolved and reads the Foreign Policy Concept for 2014-2020 through its guiding principles: balance, pragmatism, mutual benefit and the defence of national interests."

c talk add "Kazakhstan in the regional context: the Russia - Kazakhstan - China axis" \
  --event kaznu-2016 --speaker Shabal --status confirmed \
  --abstract "Kazakhstan's position is examined within its region, with attention to the axis formed by Russia, Kazakhstan and China and to what that triangle means for the country's room for manoeuvre."

c talk add "The evolution of bilateral cooperation between Kazakhstan and the USA" \
  --event kaznu-2016 --speaker Brennan --status confirmed \
  --abstract "The talk traces how bilateral cooperation between Kazakhstan and the United States has developed over time."

c talk add "Debatable issues on the future of the multi-vector policy" \
  --event kaznu-2016 --speaker McDermott --status confirmed \
  --abstract "A discussion of the open questions about where the multi-vector policy goes next: which of its assumptions are contested and what may shape its future."

c talk add "Kazakhstan's role in global and regional security" \
  --event kaznu-2016 --speaker Baizakova --status confirmed \
  --abstract "The talk considers Kazakhstan's contribution to global and regional security, including its record on disarmament, and its election as a non-permanent member of the UN Security Council for 2017-2018."

rm -f "$out.prev" "$out.lock" "$out.names"

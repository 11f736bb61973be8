"""The Ukrainian Air Force's bulletins (Telegram @kpszsu) → the same observation records as the news.

A bulletin has a grammar of its own, in Ukrainian: the night or day it covers ("У ніч на 18 липня
(з 18:00 17 липня)", "Протягом дня … (із 6.30 до 18.00)", "Із 20-ї години 17-го по 04 годину
18 листопада 2023 року"), the weapons it counts, in whatever case the verb wants ("двома
балістичними ракетами", "113-ма ударними БпЛА", "одну керовану авіаційну ракету"), and what
happened to them: launched ("атакував", "зафіксовано"), intercepted ("збито/подавлено",
"знищено", "підтверджено збиття"), lost to EW ("локаційно втрачені"), not reaching their target
("не досягли цілі"). A post is read unit by unit (a sentence, or a bulleted line that takes the
verb of the line before its colon); hits and debris end a unit's counting; "(76 із них —
реактивні)" is a share, not a count; a headline only adds what the body does not state.
Words live in vocabulary/uk.yaml; model names in weapons.yaml. The package is the reading in order:
`grammar` (words, patterns), `dates` (the night or day), `counts` (units and their counts),
`posts` (a post whole, and its records); a text's language is told by `etl.language`.
"""

from etl.bulletins.posts import read_post, records

__all__ = ["read_post", "records"]

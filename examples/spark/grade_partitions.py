"""
Grading as a stage of a Spark job (see docs/scaling.md): one `credit-grading evaluate` process
per partition through `RDD.pipe`, NDJSON in on its stdin and NDJSON results out on its stdout.

    spark-submit examples/spark/grade_partitions.py <ruleset.json> <as-of> <subjects-dir> <out-dir>

Every executor needs Node.js 20+ and the package (`npm install -g credit-grading`), and the
ruleset file shipped to it (`--files`, read from the task's working directory). Partitions are
cut by USCC range, so one partition holds whole regions and can be rerun alone.

`examples/spark/grade-partition.sh` is the piped command: it maps exit 1 (rows rejected: the
rejections are written beside the results, nothing is wrong with the task) to 0, and lets exit 2
(a configuration or I/O error, a worker that stopped) fail the task, which Spark retries.
Not run by the tests (there is no Spark here); `examples/shard-by-uscc.ts` is the same scheme
on one machine, and its test proves the parts give one process's results.
"""
import json
import sys

from pyspark.sql import SparkSession

ruleset, as_of, subjects_dir, out_dir = sys.argv[1:5]
spark = SparkSession.builder.appName("credit-grading").getOrCreate()
sc = spark.sparkContext
sc.addFile("examples/spark/grade-partition.sh")
sc.addFile(ruleset)


def uscc(line: str) -> str:
    """The subject's id, the key the partitions are cut on ("" for a line that is not JSON)."""
    try:
        return str(json.loads(line).get("id", ""))
    except (ValueError, AttributeError):
        return ""


N = 64  # partitions: ranges of about equal size, sampled from the keys
lines = sc.textFile(subjects_dir).keyBy(uscc).sortByKey(numPartitions=N).values()
results = lines.pipe(f"sh grade-partition.sh {ruleset.split('/')[-1]} {as_of}")
# Each line is one subject's result (with "line", its number within its partition, and "id");
# rejections are in each task's rejects file; the grade distribution is a count by "grade".
results.saveAsTextFile(out_dir)
print(results.map(lambda l: (json.loads(l)["grade"], 1)).reduceByKey(lambda a, b: a + b).collect())

package org.zoolab.distributed.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** A Spark session in {@code local[2]} mode for tests: no UI, loopback only, small shuffle partitions. */
public final class LocalSpark {
    private LocalSpark() {
    }

    public static SparkSession start(String name) {
        SparkConf conf = new SparkConf()
                .setMaster("local[2]")
                .setAppName(name)
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.sql.shuffle.partitions", "2");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}

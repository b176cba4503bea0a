package io.zcbench.harness.cli;

import io.zcbench.harness.env.Environment;
import io.zcbench.harness.fixture.FileSystemInfo;
import io.zcbench.harness.sink.HostPort;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Prints what env.json records about this machine (kernel, CPU, JDK, disk, NIC and offloads, perf permissions) as JSON.")
final class EnvCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", description = "Data directory to describe (default: the system temp directory).")
    Path dir;

    @Option(names = "--sink", paramLabel = "HOST:PORT", description = "Sink whose route and interface to describe (default: loopback).")
    String sink;

    @Override
    public Integer call() throws Exception {
        Path d = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
        FileSystemInfo.of(d, "--dir"); // one clear line for a folder that is not there
        var env = Environment.capture(d, sink == null ? null : HostPort.parse(sink, "--sink"), Path.of("").toAbsolutePath());
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(env));
        return 0;
    }
}

package org.diffusionexplorer.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layering rules of DESIGN.md §1. */
@AnalyzeClasses(packages = "org.diffusionexplorer", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    @ArchTest
    static final ArchRule coreDependsOnNothingElseOfOurs = noClasses().that().resideInAPackage("..core..")
            .should().dependOnClassesThat().resideInAnyPackage("..ui..", "..cli..", "..io..", "..runtime..", "..app..",
                    "javafx..", "org.nd4j..", "com.fasterxml..", "picocli..");

    @ArchTest
    static final ArchRule onlyRuntimeImportsNd4j = noClasses().that().resideOutsideOfPackage("..runtime..")
            .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.bytedeco.openblas..");

    /** Native code through JavaCPP: the runtime (OpenBLAS, ND4J) and the video encoders (FFmpeg) only. */
    @ArchTest
    static final ArchRule nativeCodeOnlyInRuntimeAndVideoExport = noClasses().that().resideOutsideOfPackages("..runtime..", "..io.export..")
            .should().dependOnClassesThat().resideInAnyPackage("org.bytedeco..");

    @ArchTest
    static final ArchRule ffmpegOnlyInExport = noClasses().that().resideOutsideOfPackage("..io.export..")
            .should().dependOnClassesThat().resideInAnyPackage("org.bytedeco.ffmpeg..");

    @ArchTest
    static final ArchRule uiAndCliDoNotSeeEachOther = noClasses().that().resideInAPackage("..ui..")
            .should().dependOnClassesThat().resideInAPackage("..cli..");

    @ArchTest
    static final ArchRule cliDoesNotSeeUi = noClasses().that().resideInAPackage("..cli..")
            .should().dependOnClassesThat().resideInAnyPackage("..ui..", "javafx..");

    @ArchTest
    static final ArchRule javafxOnlyInUiAndApp = noClasses().that().resideOutsideOfPackages("..ui..", "..app..")
            .should().dependOnClassesThat().resideInAPackage("javafx..");

    @ArchTest
    static final ArchRule ioDoesNotSeeUpperLayers = noClasses().that().resideInAPackage("..io..")
            .should().dependOnClassesThat().resideInAnyPackage("..ui..", "..cli..", "..app..");

    /** The runtime's base (engines, models, denoisers) stands below its training and evaluation sub-packages. */
    @ArchTest
    static final ArchRule runtimeBaseDoesNotSeeTrainOrEval = noClasses().that().resideInAnyPackage("..runtime", "..runtime.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("..runtime.train..", "..runtime.eval..");

    /** Training and the quality metrics are independent features of the runtime. */
    @ArchTest
    static final ArchRule evalDoesNotSeeTrain = noClasses().that().resideInAPackage("..runtime.eval..")
            .should().dependOnClassesThat().resideInAPackage("..runtime.train..");

    @ArchTest
    static final ArchRule trainDoesNotSeeEval = noClasses().that().resideInAPackage("..runtime.train..")
            .should().dependOnClassesThat().resideInAPackage("..runtime.eval..");

    /** The feature slices of ui (one package per tab) do not see each other; ui.main composes them. */
    @ArchTest
    static void featureSlicesDoNotSeeEachOther(JavaClasses classes) {
        String[] features = {"forward", "generate", "schedule", "train"};
        for (String f : features) {
            for (String g : features) {
                if (f.equals(g)) continue;
                noClasses().that().resideInAPackage("..ui." + f + "..")
                        .should().dependOnClassesThat().resideInAPackage("..ui." + g + "..")
                        .check(classes);
            }
        }
    }
}

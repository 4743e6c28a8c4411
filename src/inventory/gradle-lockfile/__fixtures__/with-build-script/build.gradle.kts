plugins {
    id("org.jetbrains.kotlin.jvm") version "1.9.22"
    kotlin("kapt") version "1.9.22"
}

repositories {
    maven { url = uri("https://maven-repo.example.test/releases") }
}

dependencies {
    implementation(libs.slf4j.api)
    kapt("com.google.dagger:dagger-compiler:2.50")
    // testImplementation("org.hamcrest:hamcrest-core:1.3")
    testImplementation(group = "junit", name = "junit", version = "4.13.2")
}

dependencyLocking {
    lockAllConfigurations()
}
